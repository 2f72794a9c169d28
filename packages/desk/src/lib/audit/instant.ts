import { locale } from '../i18n/locale.svelte.ts';

/** An instant as the reader's language writes it, to the second: an audit tells apart events a minute holds. */
export function formatInstant(iso: string): string {
  return new Intl.DateTimeFormat(locale.tag, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}
