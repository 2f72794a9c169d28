import { SESSION_COOKIE } from '$lib/server/customer';
import type { LayoutServerLoad } from './$types';

/** "My requests" speaks the customer's language (hooks.server.ts) and is never indexed. */
export const load: LayoutServerLoad = ({ cookies, locals, setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store' });
  return { language: locals.language, signedIn: cookies.get(SESSION_COOKIE) !== undefined };
};
