import { contextOf } from '$lib/server/context';
import { originOf } from '$lib/server/origin';
import type { LayoutServerLoad } from './$types';

/** The language of every page under it, the origin of its absolute links, and whether it has a contact page worth a link. */
export const load: LayoutServerLoad = ({ locals, platform, url }) => {
  const context = contextOf(platform);
  return { language: locals.language, origin: originOf(context, url) };
};
