import { redirect } from '@sveltejs/kit';
import { base } from '$app/paths';
import { languageOf } from '$lib/i18n';
import type { PageServerLoad } from './$types';

/** /help sends the browser to the help center in the first of its languages it speaks. */
export const load: PageServerLoad = ({ request, setHeaders }) => {
  setHeaders({ vary: 'accept-language', 'cache-control': 'no-cache' });
  redirect(307, `${base}/${languageOf(request.headers.get('accept-language'))}`);
};
