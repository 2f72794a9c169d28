import { error } from '@sveltejs/kit';
import { CategoryQuery } from '$lib/queries';
import { ask } from '$lib/server/api';
import { contextOf } from '$lib/server/context';
import type { PageServerLoad } from './$types';

/** A category's page: its name and its published articles in the page's language. */
export const load: PageServerLoad = async ({ locals, params, platform }) => {
  const found = await ask(contextOf(platform), CategoryQuery, { locale: locals.language, categoryId: params.id });
  const category = found.kbCategories.find((candidate) => candidate.id === params.id);
  if (category === undefined) error(404, 'No such category');
  return {
    category,
    subcategories: found.kbCategories.filter((candidate) => candidate.parentId === category.id),
    articles: found.articles.items,
  };
};
