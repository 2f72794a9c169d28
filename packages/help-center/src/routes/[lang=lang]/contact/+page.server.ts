import { contextOf } from '$lib/server/context';
import type { PageServerLoad } from './$types';

/**
 * "Contact us": the chat widget when the engine has a widget key for the help center (its loader,
 * /widget/loader.js, with that key and the page's language), else the support address.
 */
export const load: PageServerLoad = ({ platform }) => {
  const { widgetKey, contactEmail } = contextOf(platform);
  return { widgetKey, contactEmail };
};
