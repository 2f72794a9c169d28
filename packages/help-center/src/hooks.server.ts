import type { Handle } from '@sveltejs/kit';
import { base } from '$app/paths';
import { isLanguage, type Language } from '$lib/i18n';

/** The language of a path under the help center (`/help/fr/...`); English elsewhere. */
function languageOfPath(pathname: string): Language {
  const segment = pathname.slice(base.length).split('/')[1] ?? '';
  return isLanguage(segment) ? segment : 'en';
}

/** Every page's `<html lang>` (English in app.html) is its address's language. */
export const handle: Handle = async ({ event, resolve }) => {
  const language = languageOfPath(event.url.pathname);
  event.locals.language = language;
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('<html lang="en">', `<html lang="${language}">`),
  });
};
