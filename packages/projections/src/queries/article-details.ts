import { CURSOR_PREFIX, decodeCursor, type Page, pageSize, toPage } from '@support-engine/eventstore-postgres';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { KbArticlesTable, KbArticleVersionsTable, KbAttachment, ReadModelTables } from '../schema.js';
import type { ArticleAudience } from './articles.js';
import { visitorViews } from './kb-metrics.js';

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
  /** Staff: where the revision of the live version stands (`draft`, `in_review`), `null` when none; customers: `null`. */
  readonly revisionStatus: string | null;
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

/**
 * One article by its locale and slug, with {@link articleById}'s visibility; a published one wins
 * a shared slug. Staff find an article by its working slug, by its live version's while a revision
 * renames it, and by an old one.
 */
export async function articleBySlug(
  db: Kysely<ReadModelTables>,
  locale: string,
  slug: string,
  audience: ArticleAudience,
): Promise<ArticleView | null> {
  if (audience === 'customer') {
    const published =
      (await publishedWith(db, locale, slug, 'now')) ?? (await publishedWith(db, locale, slug, 'before'));
    return published === null ? null : articleById(db, published, audience);
  }
  const article = await db
    .selectFrom('kb_articles')
    .selectAll()
    .where('locale', '=', locale)
    .where('slug', '=', slug)
    .orderBy((eb) => eb.case().when('status', '=', 'published').then(0).else(1).end())
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  if (article) return view(db, article, audience);
  // The slug readers use now, while a revision renames it; else an old one.
  const live = (await publishedWith(db, locale, slug, 'now')) ?? (await publishedWith(db, locale, slug, 'before'));
  return live === null ? null : articleById(db, live, audience);
}

/**
 * The article whose live version carries `slug` in `locale` (`now`), or, `before`, the latest
 * article that published it under an earlier version and has since been renamed: an old
 * help-center URL still finds the article, whose view carries its slug now (a client redirects to
 * it). A slug another article holds now is that article's: callers ask `before` only when none does.
 */
async function publishedWith(
  db: Kysely<ReadModelTables>,
  locale: string,
  slug: string,
  when: 'now' | 'before',
): Promise<string | null> {
  const row = await db
    .selectFrom('kb_article_versions')
    .select('article_id')
    .where('locale', '=', locale)
    .where('slug', '=', slug)
    .where('is_current', '=', when === 'now')
    .$if(when === 'before', (query) => query.orderBy('published_at', 'desc'))
    .orderBy('article_id')
    .executeTakeFirst();
  return row?.article_id ?? null;
}

/**
 * A published version of an article, as it was published, or `null`; customers see only the
 * related articles they can open.
 */
export async function articleVersion(
  db: Kysely<ReadModelTables>,
  articleId: string,
  version: number,
  audience: ArticleAudience = 'staff',
): Promise<ArticleVersionView | null> {
  const row = await db
    .selectFrom('kb_article_versions')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) return null;
  const seen = versionView(row);
  return audience === 'customer' ? { ...seen, related: await publishedAmong(db, row.related) } : seen;
}

/** Every published version of an article, newest first (staff's version history); none for an unknown article. */
export async function articleVersions(db: Kysely<ReadModelTables>, articleId: string): Promise<ArticleVersionView[]> {
  const rows = await db
    .selectFrom('kb_article_versions')
    .selectAll()
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(versionView);
}

/** The articles among `ids` customers can open (a current published version), in their order. */
async function publishedAmong(db: Kysely<ReadModelTables>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('kb_article_versions')
    .select('article_id')
    .where('article_id', 'in', ids)
    .where('is_current', '=', true)
    .execute();
  const published = new Set(rows.map((row) => row.article_id));
  return ids.filter((id) => published.has(id));
}

/**
 * How many articles of each category customers can open (their current published version is
 * filed there), by category id; with a `language` (`fr`), only the articles in it (`fr`, `fr-CA`).
 */
export async function publishedArticlesByCategory(
  db: Kysely<ReadModelTables>,
  language?: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('kb_article_versions')
    .select(['category_id', (eb) => eb.fn.countAll<string>().as('articles')])
    .where('is_current', '=', true)
    .where('category_id', 'is not', null)
    .$if(language !== undefined, (query) => query.where(sql<string>`split_part(lower(locale), '-', 1)`, '=', language!))
    .groupBy('category_id')
    .execute();
  return new Map(rows.map((row) => [row.category_id!, Number(row.articles)]));
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
    // Customers are not told of articles they cannot open (drafts, archived ones).
    related: audience === 'customer' ? await publishedAmong(db, text.related) : text.related,
    attachments: text.attachments,
    publishedVersion: 'version' in text ? text.version : article.published_version,
    publishedAt: 'version' in text ? text.published_at : article.published_at,
    revisionStatus: audience === 'customer' ? null : article.revision_status,
    // Readers of the live version: when it was published, as the list says (a revision in the works is the team's business).
    updatedAt: 'version' in text ? text.published_at : article.updated_at,
    helpfulVotes: article.helpful_votes,
    unhelpfulVotes: article.unhelpful_votes,
    // The visitors' views are counted apart, outside the log (`recordVisitorView`).
    views: Number(article.views) + (await visitorViews(db, article.article_id)),
    translations: await translations(db, article, audience),
  };
}

/**
 * The article's translations: exactly the links it records, each shown with the linked article's
 * own locale and slug, by locale. A link to an article that does not exist, or (customers) has no
 * published version to read, is not shown, nor one in the article's own locale (only links
 * recorded before links were checked against the linked article can be either).
 */
async function translations(db: Kysely<ReadModelTables>, article: ArticleRow, audience: ArticleAudience) {
  const ids = [...new Set(Object.values(article.translations ?? {}))];
  if (ids.length === 0) return [];
  const own = article.locale.toLowerCase();
  if (audience === 'customer') {
    return db
      .selectFrom('kb_article_versions')
      .select(['article_id as articleId', 'locale', 'slug'])
      .where('article_id', '=', sql<string>`any(${ids}::text[])`)
      .where('is_current', '=', true)
      .where(sql<string>`lower(locale)`, '<>', own)
      .orderBy('locale')
      .orderBy('article_id')
      .execute();
  }
  return db
    .selectFrom('kb_articles')
    .select(['article_id as articleId', 'locale', 'slug'])
    .where('article_id', '=', sql<string>`any(${ids}::text[])`)
    .where(sql<string>`lower(locale)`, '<>', own)
    .orderBy('locale')
    .orderBy('article_id')
    .execute();
}

/** Options of {@link listArticles}. */
export interface ListArticlesOptions {
  /**
   * As the read model names it: `draft`, `in_review`, `published`, `archived`. `draft` and
   * `in_review` also take published articles whose revision stands there: the review queue holds
   * changes to live articles too.
   */
  readonly status?: string;
  readonly locale?: string;
  readonly categoryId?: string;
  readonly tag?: string;
  /** 1..100; 20 by default. */
  readonly first?: number;
  /** The previous page's `nextCursor`. */
  readonly after?: string;
}

/** A line of the staff's article list. */
export interface ArticleListItem {
  readonly articleId: string;
  readonly locale: string;
  readonly slug: string;
  readonly title: string;
  readonly status: string;
  readonly categoryId: string | null;
  readonly tags: string[];
  readonly authorId: string;
  readonly publishedVersion: number | null;
  /** Where the revision of the live version stands (`draft`, `in_review`); `null` when none. */
  readonly revisionStatus: string | null;
  readonly updatedAt: Date;
}

/**
 * Articles as staff list them (drafts and those waiting for review included), or, for customers
 * and visitors, the published ones as they read them (each one's live version: a help center's
 * category page); most recently changed (for customers: published) first. Pages are keyset on
 * that time and the id.
 */
export async function listArticles(
  db: Kysely<ReadModelTables>,
  options: ListArticlesOptions,
  audience: ArticleAudience = 'staff',
): Promise<Page<ArticleListItem>> {
  const limit = pageSize(options.first);
  const staff = audience === 'staff';
  // Both sources named alike, so one set of filters and one keyset serve them.
  const source = staff
    ? sql`(select article_id, locale, slug, title, status, category_id, tags, author_id, published_version,
        revision_status, updated_at from kb_articles)`
    : sql`(select article_id, locale, slug, title, 'published' as status, category_id, tags, author_id,
        version as published_version, null::text as revision_status, published_at as updated_at
        from kb_article_versions where is_current)`;
  const { status } = options;
  const filters = [
    status === undefined
      ? sql`true`
      : sql`(a.status = ${status} or (a.status = 'published' and a.revision_status = ${status}))`,
    options.locale === undefined ? sql`true` : sql`a.locale = ${options.locale}`,
    options.categoryId === undefined ? sql`true` : sql`a.category_id = ${options.categoryId}`,
    options.tag === undefined ? sql`true` : sql`a.tags @> array[${options.tag}]::text[]`,
  ];
  if (options.after !== undefined) {
    const { at, id } = decodeCursor(options.after, CURSOR_PREFIX.articles);
    filters.push(sql`(a.updated_at, a.article_id) < (${at}, ${id})`);
  }
  const { rows } = await sql<ListedArticleRow>`
    select * from ${source} a
    where ${sql.join(filters, sql` and `)}
    order by a.updated_at desc, a.article_id desc
    limit ${limit + 1}`.execute(db);
  return toPage(
    rows,
    limit,
    (row) => ({ at: row.updated_at, id: row.article_id }),
    (row) => ({
      articleId: row.article_id,
      locale: row.locale,
      slug: row.slug,
      title: row.title,
      status: row.status,
      categoryId: row.category_id,
      tags: row.tags,
      authorId: row.author_id,
      publishedVersion: row.published_version,
      revisionStatus: row.revision_status,
      updatedAt: row.updated_at,
    }),
    CURSOR_PREFIX.articles,
  );
}

/** A row of {@link listArticles}' source, whichever the audience. */
interface ListedArticleRow {
  readonly article_id: string;
  readonly locale: string;
  readonly slug: string;
  readonly title: string;
  readonly status: string;
  readonly category_id: string | null;
  readonly tags: string[];
  readonly author_id: string;
  readonly published_version: number | null;
  readonly revision_status: string | null;
  readonly updated_at: Date;
}

/** A reader's vote on a version, as staff review feedback. */
export interface ArticleVoteView {
  readonly version: number;
  readonly readerId: string;
  readonly helpful: boolean;
  readonly comment: string | null;
  readonly votedAt: Date;
}

/** Readers' votes on an article (one version's, or every version's), newest first; with comments first when asked. */
export async function articleVotes(
  db: Kysely<ReadModelTables>,
  options: { articleId: string; version?: number; withCommentOnly?: boolean; first?: number },
): Promise<ArticleVoteView[]> {
  let query = db
    .selectFrom('kb_article_votes')
    .selectAll()
    .where('article_id', '=', options.articleId)
    .orderBy('voted_at', 'desc')
    .orderBy('reader_id')
    .limit(pageSize(options.first));
  if (options.version !== undefined) query = query.where('version', '=', options.version);
  if (options.withCommentOnly) query = query.where('comment', 'is not', null);
  const rows = await query.execute();
  return rows.map((row) => ({
    version: row.version,
    readerId: row.reader_id,
    helpful: row.helpful,
    comment: row.comment,
    votedAt: row.voted_at,
  }));
}
