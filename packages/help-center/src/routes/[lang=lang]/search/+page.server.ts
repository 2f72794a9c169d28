import { SearchQuery } from '$lib/queries';
import { ask } from '$lib/server/api';
import { contextOf } from '$lib/server/context';
import type { PageServerLoad } from './$types';

/** Longest text searched (the form's maxlength; a longer one from the address is cut). */
const MAX_TEXT = 200;

/** The search page (a plain GET form: `?q=`): the hits with their snippets, and the API's did-you-mean. */
export const load: PageServerLoad = async ({ locals, platform, url }) => {
  const text = (url.searchParams.get('q') ?? '').trim().slice(0, MAX_TEXT);
  if (text === '') return { text, result: null };
  const { searchArticles } = await ask(contextOf(platform), SearchQuery, { text, locale: locals.language });
  return { text, result: searchArticles };
};
