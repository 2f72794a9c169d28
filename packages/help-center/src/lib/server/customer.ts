import { type Cookies, redirect } from '@sveltejs/kit';
import { base } from '$app/paths';
import type { HelpCenterContext } from './context';
import { type CustomerToken, customerTokenOf } from './session';

/** The cookie holding the customer's session token (never readable by a script). */
export const SESSION_COOKIE = 'se_help_session';

/** Where "My requests" lives, and where its sign-in is. */
export const REQUESTS_PATH = `${base}/requests`;
export const SIGN_IN_PATH = `${REQUESTS_PATH}/sign-in`;

/**
 * Keeps the session in its cookie until the session ends: HttpOnly, SameSite=Lax (another site's
 * form posts carry no session), under the help center's path only, Secure over https.
 */
export function keepSession(cookies: Cookies, url: URL, sessionToken: string, expiresAt: string): void {
  cookies.set(SESSION_COOKIE, sessionToken, {
    path: base,
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    expires: new Date(expiresAt),
  });
}

/** Forgets the session's cookie. */
export function forgetSession(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, { path: base, httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}

/** Whether `value` is a path under "My requests" a sign-in may go back to (never another site). */
export function isReturnPath(value: string | null): value is string {
  if (value === null) return false;
  return value.startsWith(REQUESTS_PATH) && !value.startsWith('//') && !value.includes('\\');
}

/** The sign-in page, coming back to `url` after. */
export function signInFor(url: URL): string {
  return `${SIGN_IN_PATH}?returnTo=${encodeURIComponent(url.pathname + url.search)}`;
}

/**
 * The signed-in customer's token for this request; without a live session (none, expired, signed
 * out), a redirect to the sign-in page that comes back here.
 */
export async function requireCustomer(context: HelpCenterContext, cookies: Cookies, url: URL): Promise<CustomerToken> {
  const session = cookies.get(SESSION_COOKIE);
  const token = session === undefined ? null : await customerTokenOf(context, session);
  if (token === null) {
    if (session !== undefined) forgetSession(cookies, url);
    redirect(303, signInFor(url));
  }
  return token;
}
