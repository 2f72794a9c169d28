import type { Cookies } from '@sveltejs/kit';
import { base } from '$app/paths';

/** The help center's own cookie naming a visitor without an account (views and votes are theirs). */
export const VISITOR_COOKIE = 'hc_visitor';

const VISITOR_ID = /^[\w-]{8,100}$/;
/** Kept a year: a returning visitor's vote is changed, not added. */
const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The visitor's id: from their cookie, else a new one set now (first party, under the help
 * center's path only, HttpOnly: no script reads it; SameSite=Lax: another site's form cannot vote
 * in the visitor's name; Secure over https).
 */
export function visitorId(cookies: Cookies, url: URL): string {
  const known = cookies.get(VISITOR_COOKIE);
  if (known !== undefined && VISITOR_ID.test(known)) return known;
  const id = crypto.randomUUID();
  cookies.set(VISITOR_COOKIE, id, {
    path: base,
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    maxAge: YEAR_SECONDS,
  });
  return id;
}
