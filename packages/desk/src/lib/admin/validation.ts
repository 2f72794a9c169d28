/**
 * Checks of the admins' forms made before anything is sent (the API checks again and has the last
 * word): each answers the admin catalogue's key of what is wrong, or null when the value is fine.
 */

/** Why a whole number entered as `text` is not one in [min, max]; null when it is. */
export function wholeNumberProblem(
  text: string,
  min: number,
  max: number,
): 'admin.invalid.wholeNumber' | 'admin.invalid.range' | null {
  if (!/^\s*\d+\s*$/.test(text)) return 'admin.invalid.wholeNumber';
  const value = Number(text);
  return value < min || value > max ? 'admin.invalid.range' : null;
}

/** A comma-separated list as its items: trimmed, the empty ones dropped, each once. */
export function listOf(text: string): string[] {
  return [...new Set(text.split(',').map((item) => item.trim()))].filter((item) => item !== '');
}

/** Why a list of skills or languages is not one (an item over `maxLength` characters); null when it is. */
export function listProblem(items: readonly string[], maxLength: number): 'admin.invalid.itemTooLong' | null {
  return items.some((item) => item.length > maxLength) ? 'admin.invalid.itemTooLong' : null;
}

/** A language tag as the API takes one (en, fr-CA, zh-Hant-TW). */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Why a list of languages is not one (an item is not a language tag); null when it is. */
export function languagesProblem(items: readonly string[]): 'admin.invalid.language' | null {
  return items.every((item) => LANGUAGE_TAG.test(item)) ? null : 'admin.invalid.language';
}

/** A period of whole days (UTC) as the what-if asks for it: from the first day's start to the end of the last. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period from day `first` to day `last` included (YYYY-MM-DD, UTC days), or the key of what is
 * wrong: a day missing or not a date, or the last before the first.
 */
export function periodOf(first: string, last: string): Period | 'admin.invalid.date' | 'admin.invalid.periodOrder' {
  if (!ISO_DATE.test(first) || !ISO_DATE.test(last)) return 'admin.invalid.date';
  const from = Date.parse(`${first}T00:00:00Z`);
  const to = Date.parse(`${last}T00:00:00Z`) + DAY_MS;
  if (Number.isNaN(from) || Number.isNaN(to)) return 'admin.invalid.date';
  if (to <= from) return 'admin.invalid.periodOrder';
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Whether `url` is an http or https address (the API checks the rest: credentials, private hosts). */
export function isWebAddress(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An id as the admins' forms give new ones (a category's, calendar's, policy's or agent's). */
const ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Why `id` is not one a new entity may take (letters, digits, dots, dashes, underscores); null when it is. */
export function idProblem(id: string): 'admin.invalid.id' | null {
  return ID.test(id) ? null : 'admin.invalid.id';
}
