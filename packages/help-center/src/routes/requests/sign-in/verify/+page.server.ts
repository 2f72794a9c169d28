import { contextOf } from '$lib/server/context';
import { exchangeSignInLink, SignInRefusal } from '$lib/server/session';
import { enterSession } from '$lib/server/sign-in';
import type { PageServerLoad } from './$types';

/** The sentence for each way a link can be spent or broken. */
const LINK_STATES = {
  SIGN_IN_LINK_USED: 'verify.used',
  SIGN_IN_LINK_EXPIRED: 'verify.expired',
} as const;

/**
 * The emailed link's page: exchanges its token for a session, keeps it in the cookie and goes on;
 * a used, expired or broken link says which, with the form to ask for a new one.
 */
export const load: PageServerLoad = async ({ cookies, platform, url }) => {
  const token = url.searchParams.get('token') ?? '';
  const returnTo = url.searchParams.get('returnTo');
  let problem: 'verify.used' | 'verify.expired' | 'verify.invalid' = 'verify.invalid';
  if (token !== '') {
    try {
      enterSession(cookies, url, await exchangeSignInLink(contextOf(platform), token), returnTo);
    } catch (refusal) {
      if (!(refusal instanceof SignInRefusal)) throw refusal;
      problem = LINK_STATES[refusal.code as keyof typeof LINK_STATES] ?? 'verify.invalid';
    }
  }
  return { problem, returnTo: returnTo ?? '' };
};
