import { contextOf } from '$lib/server/context';
import { developmentCustomers, developmentSignIn } from '$lib/server/session';
import { askForLink, enterSession } from '$lib/server/sign-in';
import type { Actions, PageServerLoad } from './$types';

/** The sign-in form, and under `npm start` the development sign-in's customers (none in production). */
export const load: PageServerLoad = async ({ platform, url }) => ({
  returnTo: url.searchParams.get('returnTo') ?? '',
  developmentCustomers: (await developmentCustomers(contextOf(platform)).catch(() => null)) ?? [],
});

export const actions: Actions = {
  /** Mails a sign-in link ("check your mail" after, whoever the address is). */
  link: ({ locals, platform, request }) => askForLink(contextOf(platform), request, locals.language),
  /** Development only: signs in as one of the demo's customers, without mail. */
  dev: async ({ cookies, platform, request, url }) => {
    const form = await request.formData();
    const grant = await developmentSignIn(contextOf(platform), String(form.get('customerId') ?? ''));
    enterSession(cookies, url, grant, String(form.get('returnTo') ?? ''));
  },
};
