import { ArticleCardQuery, HomeQuery } from '$lib/queries';
import { ask } from '$lib/server/api';
import { contextOf } from '$lib/server/context';
import type { PageServerLoad } from './$types';

/** How many articles the home page shows as popular. */
const POPULAR = 6;

/**
 * The home page: the top-level categories with their article counts, and the most read of the
 * latest published articles (the API lists published articles by publication; each one's views
 * come with it).
 */
export const load: PageServerLoad = async ({ locals, platform }) => {
  const context = contextOf(platform);
  const home = await ask(context, HomeQuery, { locale: locals.language });
  const cards = await Promise.all(
    home.articles.items.map(async ({ articleId }) => (await ask(context, ArticleCardQuery, { id: articleId })).article),
  );
  const popular = cards
    .flatMap((card) => (card === null ? [] : [card]))
    .sort((a, b) => (b.views ?? 0) - (a.views ?? 0))
    .slice(0, POPULAR);
  return {
    categories: home.kbCategories.filter((category) => category.parentId === null && category.articles > 0),
    popular,
  };
};
