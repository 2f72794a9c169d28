import { ArticleCardQuery, HomeQuery } from '$lib/queries';
import { ask } from '$lib/server/api';
import { contextOf } from '$lib/server/context';
import type { PageServerLoad } from './$types';

/**
 * The home page: the top-level categories with their article counts, and the articles readers
 * opened most (the API orders them by their views), each with its excerpt.
 */
export const load: PageServerLoad = async ({ locals, platform }) => {
  const context = contextOf(platform);
  const home = await ask(context, HomeQuery, { locale: locals.language });
  const cards = await Promise.all(
    home.popularArticles.map(
      async ({ articleId }) => (await ask(context, ArticleCardQuery, { id: articleId })).article,
    ),
  );
  return {
    categories: home.kbCategories.filter((category) => category.parentId === null && category.articles > 0),
    popular: cards.flatMap((card) => (card === null ? [] : [card])),
  };
};
