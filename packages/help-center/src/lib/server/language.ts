import type { Cookies } from '@sveltejs/kit';
import { base } from '$app/paths';
import { isLanguage, type Language, languageOf } from '$lib/i18n';

/** The cookie keeping the language a customer chose for "My requests" (its addresses name none). */
export const LANGUAGE_COOKIE = 'hc_lang';
const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The language of a page under "My requests": the one asked for in `?lang=` (kept in a cookie
 * from then on), else the one kept, else the first of the browser's the help center speaks.
 */
export function requestsLanguage(url: URL, cookies: Cookies, acceptLanguage: string | null): Language {
  const asked = url.searchParams.get('lang') ?? '';
  if (isLanguage(asked)) {
    keepLanguage(cookies, url, asked);
    return asked;
  }
  const kept = cookies.get(LANGUAGE_COOKIE) ?? '';
  return isLanguage(kept) ? kept : languageOf(acceptLanguage);
}

/** Keeps `language` as the customer's choice for "My requests" (a year). */
export function keepLanguage(cookies: Cookies, url: URL, language: Language): void {
  cookies.set(LANGUAGE_COOKIE, language, {
    path: base,
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    maxAge: YEAR_SECONDS,
  });
}
