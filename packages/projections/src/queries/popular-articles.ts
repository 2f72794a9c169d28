import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import type { ArticleListItem } from './article-details.js';

/** Options of {@link listPopularArticles}. */
export interface PopularArticlesOptions {
  /** Only this locale's articles; every locale when omitted. */
  readonly locale?: string;
  /** How many, 1..20. */
  readonly first: number;
}

/**
 * The published articles readers opened most, as customers and visitors read them (each one's
 * live version): views counted from the log (customers, staff) and a public help center's
 * visitors' (counted apart, `kb_visitor_views`), all time; ties go to the latest published. A
 * help center's "popular articles".
 */
export async function listPopularArticles(
  db: Kysely<ReadModelTables>,
  options: PopularArticlesOptions,
): Promise<ArticleListItem[]> {
  const { rows } = await sql<{
    article_id: string;
    locale: string;
    slug: string;
    title: string;
    category_id: string | null;
    tags: string[];
    author_id: string;
    version: number;
    published_at: Date;
  }>`
    select v.article_id, v.locale, v.slug, v.title, v.category_id, v.tags, v.author_id, v.version, v.published_at
    from kb_article_versions v
    join kb_articles a on a.article_id = v.article_id
    left join (select article_id, sum(views) as views from kb_visitor_views group by article_id) w
      on w.article_id = v.article_id
    where v.is_current ${options.locale === undefined ? sql`` : sql`and v.locale = ${options.locale}`}
    order by a.views + coalesce(w.views, 0) desc, v.published_at desc, v.article_id desc
    limit ${options.first}`.execute(db);
  return rows.map((row) => ({
    articleId: row.article_id,
    locale: row.locale,
    slug: row.slug,
    title: row.title,
    status: 'published',
    categoryId: row.category_id,
    tags: row.tags,
    authorId: row.author_id,
    publishedVersion: row.version,
    revisionStatus: null,
    updatedAt: row.published_at,
  }));
}
