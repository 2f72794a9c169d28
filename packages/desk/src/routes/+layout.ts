import { loadCatalogue } from '$lib/i18n/catalogue.ts';
import { locale } from '$lib/i18n/locale.svelte.ts';

// A single-page app: nothing renders on a server, nothing is prerendered (the API serves index.html
// for every path under /desk).
export const ssr = false;
export const prerender = false;

/** Before any page shows: the messages of the user's language (theirs only, fetched once). */
export async function load(): Promise<void> {
  await loadCatalogue(locale.language);
}
