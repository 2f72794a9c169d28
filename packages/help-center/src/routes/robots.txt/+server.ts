import { base } from '$app/paths';
import { contextOf } from '$lib/server/context';
import { originOf } from '$lib/server/origin';
import type { RequestHandler } from './$types';

/** robots.txt (the engine also answers it at /robots.txt): the help center may be indexed, search results not; where the sitemap is. */
export const GET: RequestHandler = ({ platform, url }) => {
  const origin = originOf(contextOf(platform), url);
  const body = [
    'User-agent: *',
    `Allow: ${base}/`,
    `Disallow: ${base}/en/search`,
    `Disallow: ${base}/fr/search`,
    `Sitemap: ${origin}${base}/sitemap.xml`,
    '',
  ].join('\n');
  return new Response(body, {
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
};
