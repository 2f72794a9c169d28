import type { Client } from '@urql/core';
import type { ResultOf } from '../graphql/index.ts';
import { locale } from '../i18n/locale.svelte.ts';
import { KbCategories } from '../queries/index.ts';

/** The fields of a draft the editor writes. */
export interface DraftFields {
  title: string;
  slug: string;
  excerpt: string;
  categoryId: string;
  body: string;
}

export type KbCategory = ResultOf<typeof KbCategories>['kbCategories'][number];

/** The category tree, named in the desk's language (none when it cannot be read). */
export async function loadCategories(client: Client): Promise<KbCategory[]> {
  const result = await client.query(KbCategories, { locale: locale.language }).toPromise();
  return result.data?.kbCategories ?? [];
}

/** A line of an article list: what `articles` and `searchArticles` both give. */
export interface ArticleRow {
  readonly articleId: string;
  readonly title: string;
  readonly status: string;
  readonly locale: string;
  readonly categoryId?: string | null;
  readonly revisionStatus?: string | null;
  readonly publishedVersion?: number | null;
  readonly updatedAt?: string;
}
