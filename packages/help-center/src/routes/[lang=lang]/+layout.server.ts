import { contextOf } from '$lib/server/context';
import { SESSION_COOKIE } from '$lib/server/customer';
import { originOf } from '$lib/server/origin';
import type { LayoutServerLoad } from './$types';

/** The language of every page under it, the origin of its absolute links, and whether a customer's session cookie is there ("My requests" or "Sign in"). */
export const load: LayoutServerLoad = ({ cookies, locals, platform, url }) => {
  const context = contextOf(platform);
  return {
    language: locals.language,
    origin: originOf(context, url),
    signedIn: cookies.get(SESSION_COOKIE) !== undefined,
  };
};
