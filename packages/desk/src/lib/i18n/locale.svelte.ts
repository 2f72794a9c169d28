import { messageOf } from './catalogue.ts';
import type { MessageKey } from './en.ts';
import { fill, type Language, languageOf } from './language.ts';

const preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages;
const language = languageOf(preferred);

/**
 * The language the desk is shown in (the browser's preferred one it speaks), and `tag`, the
 * user's own variant of it for dates and numbers (`en-GB` writes 28 Nov 2026, `en-US` Nov 28).
 */
export const locale = $state<{ language: Language; tag: string }>({
  language,
  tag: preferred.find((tag) => languageOf([tag]) === language && tag.toLowerCase().startsWith(language)) ?? language,
});

/** `key`'s message in the current language, each `{name}` replaced by `values.name`. */
export function t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string {
  return fill(messageOf(key), values);
}

// Making a formatter costs far more than using one (the inbox formats a date per row as it
// scrolls): one is kept per language tag and time zone asked.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date and time as the current language writes them, in `timeZone` when given (a report's dates
 * in the zone the API cut it in), else in the browser's own as it was when first asked.
 */
export function formatDateTime(iso: string, timeZone?: string): string {
  const key = `${locale.tag} ${timeZone ?? ''}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale.tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    dateTimeFormats.set(key, format);
  }
  return format.format(new Date(iso));
}
