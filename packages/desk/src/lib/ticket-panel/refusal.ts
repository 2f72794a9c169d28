import type { CombinedError } from '@urql/core';
import { en } from '../i18n/en.ts';
import type { MessageKey } from '../i18n/index.ts';
import { t } from '../i18n/locale.svelte.ts';

/**
 * A refused change as a sentence in the user's language: the refusal's stable code mapped to
 * `ticketPanel.error.<CODE>`; a code the panel has no sentence for (or a network failure) falls
 * back to the generic message with the API's own words.
 */
export function refusalMessage(error: CombinedError): string {
  const first = error.graphQLErrors[0];
  const key = `ticketPanel.error.${String(first?.extensions.code ?? '')}`;
  if (first && key in en) return t(key as MessageKey, { detail: first.message });
  return t('error.generic', { reason: first?.message ?? error.message });
}
