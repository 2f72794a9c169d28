import { type Cookies, fail, redirect } from '@sveltejs/kit';
import type { Language } from '$lib/i18n';
import type { HelpCenterContext } from './context';
import { isReturnPath, keepSession, REQUESTS_PATH } from './customer';
import { requestSignInLink, type SessionGrant, SignInRefusal } from './session';

/** The sentence for each refusal of the sign-in form. */
const LINK_REFUSALS = {
  SIGN_IN_INPUT_INVALID: 'signIn.invalid',
  SIGN_IN_RATE_LIMITED: 'signIn.rateLimited',
} as const;

/**
 * The sign-in form's post: mails a link to the address typed (the engine answers alike whether it
 * is a customer's or not, so the page does too); each refusal a sentence.
 */
export async function askForLink(context: HelpCenterContext, request: Request, language: Language) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '').trim();
  const returnTo = String(form.get('returnTo') ?? '');
  if (email === '' || email.length > 320) return fail(400, { email, error: 'signIn.invalid' as const });
  try {
    await requestSignInLink(context, { email, language, ...(isReturnPath(returnTo) ? { returnTo } : {}) });
  } catch (refusal) {
    if (!(refusal instanceof SignInRefusal)) throw refusal;
    const sentence = LINK_REFUSALS[refusal.code as keyof typeof LINK_REFUSALS] ?? 'signIn.failed';
    return fail(refusal.status === 429 ? 429 : 400, { email, error: sentence });
  }
  return { sent: email };
}

/** Keeps a new session in the cookie and goes where the customer was going (their requests otherwise). */
export function enterSession(cookies: Cookies, url: URL, grant: SessionGrant, returnTo: string | null): never {
  keepSession(cookies, url, grant.sessionToken, grant.sessionExpiresAt);
  redirect(303, isReturnPath(returnTo) ? returnTo : REQUESTS_PATH);
}
