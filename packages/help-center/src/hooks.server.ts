import type { Handle } from '@sveltejs/kit';
import { base } from '$app/paths';
import { isLanguage, type Language } from '$lib/i18n';
import { REQUESTS_PATH } from '$lib/server/customer';
import { requestsLanguage } from '$lib/server/language';

/** The language of a request: its address's (`/help/fr/...`), the customer's under "My requests", English elsewhere. */
function languageOfRequest(event: Parameters<Handle>[0]['event']): Language {
  const { pathname } = event.url;
  const segment = pathname.slice(base.length).split('/')[1] ?? '';
  if (isLanguage(segment)) return segment;
  if (pathname === REQUESTS_PATH || pathname.startsWith(`${REQUESTS_PATH}/`))
    return requestsLanguage(event.url, event.cookies, event.request.headers.get('accept-language'));
  return 'en';
}

/** Every page's `<html lang>` (English in app.html) is its language. */
export const handle: Handle = async ({ event, resolve }) => {
  event.locals.language = languageOfRequest(event);
  return resolve(event, {
    // Read when the page is rendered: a form action may have changed it (the customer's settings).
    transformPageChunk: ({ html }) => html.replace('<html lang="en">', `<html lang="${event.locals.language}">`),
  });
};
