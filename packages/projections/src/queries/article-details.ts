import type { Kysely, Selectable } from 'kysely';
import type { KbArticlesTable, KbArticleVersionsTable, KbAttachment, ReadModelTables } from '../schema.js';
import type { ArticleAudience } from './articles.js';

/** An article as a reader opens it. */
export interface ArticleView {
  readonly articleId: string;
  readonly locale: string;
  readonly slug: string;
  readonly status: string;
  readonly title: string;
  readonly excerpt: string;
  readonly bodyMarkdown: string;
  /** Sanitized HTML: safe to put in a page as it is. */
  readonly bodyHtml: string;
  readonly categoryId: string | null;
  readonly tags: string[];
  readonly authorId: string;
  readonly related: string[];
  readonly attachments: KbAttachment[];
  /** The published version shown (customers) or last published (staff); `null`: never published. */
  readonly publishedVersion: number | null;
  readonly publishedAt: Date | null;
  readonly updatedAt: Date;
  readonly helpfulVotes: number;
  readonly unhelpfulVotes: number;
  readonly views: number;
  /** The same article in other locales (for customers, only the published ones). */
  readonly translations: { articleId: string; locale: string; slug: string }[];
}

type ArticleRow = Selectable<KbArticlesTable>;
type VersionRow = Selectable<KbArticleVersionsTable>;

/**
 * One article by id, or `null`. Customers get its current published version (never a draft's
 * text) and `null` for an article never published or archived; staff get its current text,
 * whatever its status.
 */
export async function articleById(
  db: Kysely<ReadModelTables>,
  articleId: string,
  audience: ArticleAudience,
): Promise<ArticleView | null> {
  const article = await db.selectFrom('kb_articles').selectAll().where('article_id', '=', articleId).executeTakeFirst();
  return article ? view(db, article, audience) : null;
}

/** One article by its locale and slug, with {@link articleById}'s visibility; a published one wins a shared slug. */
export async function articleBySlug(
  db: Kysely<ReadModelTables>,
  locale: string,
  slug: string,
  audience: ArticleAudience,
): Promise<ArticleView | null> {
  if (audience === 'customer') {
    const version = await db
      .selectFrom('kb_article_versions')
      .select('article_id')
      .where('locale', '=', locale)
      .where('slug', '=', slug)
      .where('is_current', '=', true)
      .orderBy('article_id')
      .executeTakeFirst();
    return version ? articleById(db, version.article_id, audience) : null;
  }
  const article = await db
    .selectFrom('kb_articles')
    .selectAll()
    .where('locale', '=', locale)
    .where('slug', '=', slug)
    .orderBy((eb) => eb.case().when('status', '=', 'published').then(0).else(1).end())
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  return article ? view(db, article, audience) : null;
}

/** A published version of an article, as it was published, or `null`. */
export async function articleVersion(
  db: Kysely<ReadModelTables>,
  articleId: string,
  version: number,
): Promise<ArticleVersionView | null> {
  const row = await db
    .selectFrom('kb_article_versions')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? versionView(row) : null;
}

/** A published version as it was published. */
export function versionView(row: VersionRow) {
  return {
    articleId: row.article_id,
    version: row.version,
    locale: row.locale,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    bodyMarkdown: row.body_markdown,
    bodyHtml: row.body_html,
    categoryId: row.category_id,
    tags: row.tags,
    authorId: row.author_id,
    related: row.related,
    attachments: row.attachments,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
    current: row.is_current,
  };
}
export type ArticleVersionView = ReturnType<typeof versionView>;

async function view(
  db: Kysely<ReadModelTables>,
  article: ArticleRow,
  audience: ArticleAudience,
): Promise<ArticleView | null> {
  let text: ArticleRow | VersionRow = article;
  if (audience === 'customer') {
    const current = await db
      .selectFrom('kb_article_versions')
      .selectAll()
      .where('article_id', '=', article.article_id)
      .where('is_current', '=', true)
      .executeTakeFirst();
    if (!current) return null;
    text = current;
  }
  return {
    articleId: article.article_id,
    locale: text.locale,
    slug: text.slug,
    status: audience === 'customer' ? 'published' : article.status,
    title: text.title,
    excerpt: text.excerpt,
    bodyMarkdown: text.body_markdown,
    bodyHtml: text.body_html,
    categoryId: text.category_id,
    tags: text.tags,
    authorId: text.author_id,
    related: text.related,
    attachments: text.attachments,
    publishedVersion: 'version' in text ? text.version : article.published_version,
    publishedAt: 'version' in text ? text.published_at : article.published_at,
    updatedAt: article.updated_at,
    helpfulVotes: article.helpful_votes,
    unhelpfulVotes: article.unhelpful_votes,
    views: Number(article.views),
    translations: await translations(db, article, audience),
  };
}

async function translations(db: Kysely<ReadModelTables>, article: ArticleRow, audience: ArticleAudience) {
  if (article.translation_group_id === null) return [];
  if (audience === 'customer') {
    return db
      .selectFrom('kb_articles as a')
      .innerJoin('kb_article_versions as v', (join) =>
        join.onRef('v.article_id', '=', 'a.article_id').on('v.is_current', '=', true),
      )
      .select(['a.article_id as articleId', 'v.locale', 'v.slug'])
      .where('a.translation_group_id', '=', article.translation_group_id)
      .where('a.article_id', '<>', article.article_id)
      .orderBy('v.locale')
      .execute();
  }
  return db
    .selectFrom('kb_articles')
    .select(['article_id as articleId', 'locale', 'slug'])
    .where('translation_group_id', '=', article.translation_group_id)
    .where('article_id', '<>', article.article_id)
    .orderBy('locale')
    .execute();
}
