import type { Client } from '@urql/core';
import type { ResultOf } from '../graphql/index.ts';
import { locale } from '../i18n/locale.svelte.ts';
import { KbArticles, KbCategories } from '../queries/index.ts';

/** The fields of a draft the editor writes. */
export interface DraftFields {
  title: string;
  slug: string;
  excerpt: string;
  categoryId: string;
  body: string;
  /** The tags as typed: separated by commas. */
  tags: string;
  /** The ids of the related articles. */
  related: string[];
}

/** A file an article carries, as `article.attachments` gives it. */
export interface ArticleFile {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly url: string;
}

/** A new draft's empty fields. */
export const emptyDraft = (): DraftFields => ({
  title: '',
  slug: '',
  excerpt: '',
  categoryId: '',
  body: '',
  tags: '',
  related: [],
});

/** The tags typed in the editor as the API takes them: split at commas, blanks left out (the API folds their case). */
export const tagList = (typed: string): string[] =>
  typed
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

/** The draft's fields as the create and edit mutations take them. */
export const draftInput = ({ tags, ...fields }: DraftFields) => ({ ...fields, tags: tagList(tags) });

/** An article a draft may point its readers to next. */
export interface ArticleChoice {
  readonly articleId: string;
  readonly title: string;
  readonly locale: string;
}

/** The published articles (up to 100, the API's page) a draft may relate, and whose titles name related links. */
export async function loadArticleChoices(client: Client): Promise<ArticleChoice[]> {
  const result = await client.query(KbArticles, { status: 'published', first: 100 }).toPromise();
  return result.data?.articles.items ?? [];
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
