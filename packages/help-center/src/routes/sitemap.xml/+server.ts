import { base } from '$app/paths';
import type { ResultOf } from '$lib/graphql';
import { articleAlternates, articlePath } from '$lib/hreflang';
import { LANGUAGES } from '$lib/i18n';
import { SitemapPageQuery, TranslationsQuery } from '$lib/queries';
import { ask } from '$lib/server/api';
import { contextOf, type HelpCenterContext } from '$lib/server/context';
import { originOf } from '$lib/server/origin';
import { type SitemapEntry, sitemapXml } from '$lib/sitemap';
import type { RequestHandler } from './$types';

/** How many articles' translations are asked for at once. */
const CONCURRENCY = 8;

/** Every published article of a language (the API's pages of 100). */
async function publishedIn(context: HelpCenterContext, locale: string) {
  const items = [];
  let after: string | null = null;
  do {
    const page: ResultOf<typeof SitemapPageQuery> = await ask(context, SitemapPageQuery, { locale, after });
    items.push(...page.articles.items);
    after = page.articles.nextCursor;
  } while (after !== null);
  return items;
}

/** sitemap.xml: every published article in each language, with its translations as hreflang alternates. */
export const GET: RequestHandler = async ({ platform, url }) => {
  const context = contextOf(platform);
  const origin = originOf(context, url);
  const articles = (await Promise.all(LANGUAGES.map((locale) => publishedIn(context, locale)))).flat();
  const entries: SitemapEntry[] = [];
  for (let start = 0; start < articles.length; start += CONCURRENCY) {
    const batch = articles.slice(start, start + CONCURRENCY);
    const translations = await Promise.all(
      batch.map(
        async ({ articleId }) => (await ask(context, TranslationsQuery, { id: articleId })).article?.translations ?? [],
      ),
    );
    batch.forEach((article, index) => {
      entries.push({
        loc: `${origin}${articlePath(base, article)}`,
        lastmod: article.updatedAt,
        alternates: articleAlternates(origin, base, { ...article, translations: translations[index] ?? [] }),
      });
    });
  }
  return new Response(sitemapXml(entries), {
    headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=600' },
  });
};
