/// <reference types="@sveltejs/adapter-node" />
import type { Language } from '$lib/i18n';

declare global {
  namespace App {
    interface Locals {
      /** The page's language (from its address; English elsewhere). */
      language: Language;
    }
  }
}
