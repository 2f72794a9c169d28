import { fail } from '@sveltejs/kit';
import { contextOf } from '$lib/server/context';
import { exchangeSignInLink, SignInRefusal } from '$lib/server/session';
import { enterSession } from '$lib/server/sign-in';
import type { Actions, PageServerLoad } from './$types';

/** The sentence for each way a link can be spent or broken (any other refusal: not valid). */
const LINK_STATES = {
  SIGN_IN_LINK_USED: 'verify.used',
  SIGN_IN_LINK_EXPIRED: 'verify.expired',
} as const;

/**
 * The emailed link's page: a "Sign in" button and nothing else. Opening the link spends nothing (a
 * mail scanner following it leaves it whole); only the button's post exchanges it for a session.
 */
export const load: PageServerLoad = ({ url }) => ({
  token: url.searchParams.get('token') ?? '',
  returnTo: url.searchParams.get('returnTo') ?? '',
});

export const actions: Actions = {
  /**
   * Exchanges the link for a session, keeps it in the cookie and goes on; a used, expired or broken
   * link says which (the engine's code beside the sentence), with the form to ask for a new one.
   */
  default: async ({ cookies, platform, request, url }) => {
    const form = await request.formData();
    const token = String(form.get('token') ?? '');
    const returnTo = String(form.get('returnTo') ?? '');
    let code = 'SIGN_IN_LINK_INVALID';
    if (token !== '') {
      try {
        enterSession(cookies, url, await exchangeSignInLink(contextOf(platform), token), returnTo);
      } catch (refusal) {
        if (!(refusal instanceof SignInRefusal)) throw refusal;
        code = refusal.code;
      }
    }
    const spent: 'verify.used' | 'verify.expired' | undefined = LINK_STATES[code as keyof typeof LINK_STATES];
    return fail(spent === undefined ? 400 : 410, { code, problem: spent ?? ('verify.invalid' as const) });
  },
};
