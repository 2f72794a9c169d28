import { LanguageTag } from '@support-engine/domain';
import { listPopularArticles } from '@support-engine/projections';
import { z } from 'zod';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

const PopularArgs = z.object({
  locale: LanguageTag.nullish(),
  first: z.int().min(1).max(20).nullish(),
  consistencyToken: z.string().nullish(),
});

/** How many popular articles when the caller does not say. */
const DEFAULT_POPULAR = 6;

/**
 * The published articles readers opened most (every reader's views, a help center's visitors'
 * included), as everyone reads them: a help center's "popular articles".
 */
export const popularArticles = defineQuery<z.input<typeof PopularArgs>>('articles', async (args, context) => {
  const parsed = parseInput(PopularArgs, args);
  return listPopularArticles(context.services.deps.db, {
    ...(parsed.locale == null ? {} : { locale: parsed.locale }),
    first: parsed.first ?? DEFAULT_POPULAR,
  });
});
