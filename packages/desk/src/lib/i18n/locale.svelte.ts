import { type Language, languageOf, type MessageKey, translate } from './index.ts';

/** The language the desk is shown in: the browser's preferred one it speaks. */
export const locale = $state<{ language: Language }>({
  language: typeof navigator === 'undefined' ? 'en' : languageOf(navigator.languages),
});

/** `key`'s message in the current language (re-read when it changes). */
export function t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string {
  return translate(locale.language, key, values);
}

/** A date and time as the current language writes them. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
