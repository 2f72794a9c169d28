import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/context';
import { forgetSession, SESSION_COOKIE, SIGN_IN_PATH } from '$lib/server/customer';
import { signOut } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

/** Signing out is a form post; the address itself only leads to the sign-in page. */
export const load: PageServerLoad = () => redirect(303, SIGN_IN_PATH);

export const actions: Actions = {
  /** Ends the session at the engine (its tokens are no longer given) and forgets the cookie. */
  default: async ({ cookies, platform, url }) => {
    const session = cookies.get(SESSION_COOKIE);
    if (session !== undefined) await signOut(contextOf(platform), session);
    forgetSession(cookies, url);
    redirect(303, SIGN_IN_PATH);
  },
};
