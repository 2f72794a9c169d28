import { isLanguage } from '$lib/i18n';

/** A route's `[lang=lang]` segment: one of the help center's languages. */
export function match(param: string): boolean {
  return isLanguage(param);
}
