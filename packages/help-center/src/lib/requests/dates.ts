import type { Language } from '../i18n';

/** An instant as the customer reads it: date and time in their language (UTC: the server renders it). */
export function formatInstant(language: Language, iso: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}
