import { type RawBuilder, sql } from 'kysely';
import type { ReadModelTransaction } from '../../projection.js';
import type { KbAttachment } from '../../schema.js';
import { articlePassages } from './passages.js';
import { articleBodyText, renderArticleBody } from './render.js';
import { EXTENSION_SCHEMA, joinedCompounds, textSearchConfig } from './text-search.js';

/** What an article's text and metadata are at one moment, as the projection hands them over. */
export interface ArticleContent {
  readonly articleId: string;
  readonly locale: string;
  readonly slug: string;
  readonly title: string;
  readonly excerpt: string;
  readonly bodyMarkdown: string;
  readonly categoryId: string | null;
  readonly tags: readonly string[];
  readonly authorId: string;
  readonly related?: readonly string[];
  readonly attachments?: readonly KbAttachment[];
}

/** An article's current (working) state. */
export interface ArticleRow extends ArticleContent {
  /** As the domain names it (`draft`, `in_review`, `published`, `archived`, ...). */
  readonly status: string;
  /** ISO instants. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A version as it was published. */
export interface ArticleVersionRow extends ArticleContent {
  readonly version: number;
  readonly publishedBy: string;
  /** ISO instant. */
  readonly publishedAt: string;
}

const unaccent = (text: RawBuilder<string> | string) => sql<string>`${sql.raw(EXTENSION_SCHEMA)}.unaccent(${text})`;

/** The columns derived from an article's content: rendered body, plain text, folded title, weighted vector. */
function indexed(content: ArticleContent) {
  const config = textSearchConfig(content.locale);
  const bodyText = articleBodyText(content.bodyMarkdown);
  const tags = content.tags.join(' ');
  const passages = articlePassages(bodyText);
  // `::regconfig` resolves the name through the connection's search_path: the schema's own configuration.
  const vector = (text: string, weight: 'A' | 'B' | 'C') =>
    sql`setweight(to_tsvector(${config}::regconfig, ${withCompounds(text)}), ${weight})`;
  return {
    article_id: content.articleId,
    locale: content.locale,
    slug: content.slug,
    title: content.title,
    excerpt: content.excerpt,
    body_markdown: content.bodyMarkdown,
    body_html: renderArticleBody(content.bodyMarkdown),
    body_text: bodyText,
    category_id: content.categoryId,
    tags: [...content.tags],
    author_id: content.authorId,
    related: [...(content.related ?? [])],
    attachments: JSON.stringify(content.attachments ?? []),
    search_config: config,
    title_folded: sql<string>`lower(${unaccent(content.title)})`,
    search: sql<string>`${vector(content.title, 'A')} || ${vector(`${content.excerpt} ${tags}`, 'B')} || ${vector(bodyText, 'C')}`,
    search_head: sql<string>`${vector(content.title, 'A')} || ${vector(`${content.excerpt} ${tags}`, 'B')}`,
    passages,
    passage_search: sql<string[]>`array(
      select to_tsvector(${config}::regconfig, p) from unnest(${passages.map(withCompounds)}::text[]) with ordinality u(p, n)
      order by n)`,
  };
}

/** `text` followed by its hyphenated words written joined: what is analysed, so either spelling finds the other. */
const withCompounds = (text: string) => `${text} ${joinedCompounds(text)}`;

/**
 * Writes an article's current state (a saved draft, a submission, an approval, an edit): its
 * text, status and times. Publication, votes, views and translation links are kept.
 */
export async function upsertArticle(trx: ReadModelTransaction, row: ArticleRow): Promise<void> {
  const values = { ...indexed(row), status: row.status, created_at: row.createdAt, updated_at: row.updatedAt };
  const { article_id: _id, created_at: _created, ...changed } = values;
  await trx
    .insertInto('kb_articles')
    .values(values)
    .onConflict((oc) => oc.column('article_id').doUpdateSet(changed))
    .execute();
  await refreshSearchHeads(trx, row.articleId);
}

/**
 * Records a published version (kept for ever; a replayed one is left as it is), makes it the
 * version customers read, and marks the article published. Its words join the vocabulary
 * misspelt queries are corrected to.
 */
export async function publishArticleVersion(trx: ReadModelTransaction, row: ArticleVersionRow): Promise<void> {
  await trx
    .insertInto('kb_article_versions')
    .values({
      ...indexed(row),
      version: row.version,
      published_by: row.publishedBy,
      published_at: row.publishedAt,
      is_current: false,
    })
    .onConflict((oc) => oc.columns(['article_id', 'version']).doNothing())
    .execute();
  await trx
    .updateTable('kb_article_versions')
    .set({ is_current: sql<boolean>`version = ${row.version}` })
    .where('article_id', '=', row.articleId)
    .execute();
  await trx
    .updateTable('kb_articles')
    .set({
      status: 'published',
      published_version: row.version,
      published_at: row.publishedAt,
      updated_at: row.publishedAt,
    })
    .where('article_id', '=', row.articleId)
    .execute();
  await addWords(trx, row);
  await refreshSearchHeads(trx, row.articleId);
}

/** Withdraws an article: customers no longer find or read any of its versions; staff see it archived. */
export async function archiveArticle(trx: ReadModelTransaction, articleId: string, at: string): Promise<void> {
  await trx
    .updateTable('kb_articles')
    .set({ status: 'archived', updated_at: at })
    .where('article_id', '=', articleId)
    .execute();
  await trx.updateTable('kb_article_versions').set({ is_current: false }).where('article_id', '=', articleId).execute();
  await refreshSearchHeads(trx, articleId);
}

/**
 * Brings an archived article back: published again at its last published version, or a draft
 * if it never was published.
 */
export async function restoreArticle(trx: ReadModelTransaction, articleId: string, at: string): Promise<void> {
  const article = await trx
    .updateTable('kb_articles')
    .set((eb) => ({
      status: eb.case().when('published_version', 'is not', null).then('published').else('draft').end(),
      updated_at: at,
    }))
    .where('article_id', '=', articleId)
    .returning('published_version')
    .executeTakeFirst();
  if (article?.published_version != null)
    await trx
      .updateTable('kb_article_versions')
      .set({ is_current: true })
      .where('article_id', '=', articleId)
      .where('version', '=', article.published_version)
      .execute();
  await refreshSearchHeads(trx, articleId);
}

/** Rewrites the article's search heads from its rows: what staff and customers may now find of it. */
async function refreshSearchHeads(trx: ReadModelTransaction, articleId: string): Promise<void> {
  await trx.deleteFrom('kb_search_heads').where('article_id', '=', articleId).execute();
  await sql`
    insert into kb_search_heads (audience, article_id, locale, category_id, tags, search_head)
    select 'staff', article_id, locale, category_id, tags, search_head from kb_articles
    where article_id = ${articleId} and status <> 'archived'
    union all
    select 'customer', article_id, locale, category_id, tags, search_head from kb_article_versions
    where article_id = ${articleId} and is_current`.execute(trx);
}

/**
 * Records that `articleId` translates `translationOf`: both (and the translations either
 * already had) end up in one group, named after the earliest group or article.
 */
export async function linkArticleTranslation(
  trx: ReadModelTransaction,
  articleId: string,
  translationOf: string,
): Promise<void> {
  const rows = await trx
    .selectFrom('kb_articles')
    .select(['article_id', 'translation_group_id'])
    .where('article_id', 'in', [articleId, translationOf])
    .execute();
  const groups = [...new Set(rows.map((r) => r.translation_group_id ?? r.article_id))];
  const group = groups.sort()[0] ?? translationOf;
  await trx
    .updateTable('kb_articles')
    .set({ translation_group_id: group })
    .where((eb) =>
      eb.or([eb('article_id', 'in', [articleId, translationOf]), eb('translation_group_id', 'in', groups)]),
    )
    .execute();
}

/** `translationId` leaves its translation group (the others stay linked to one another). */
export async function unlinkArticleTranslation(trx: ReadModelTransaction, translationId: string): Promise<void> {
  await trx
    .updateTable('kb_articles')
    .set({ translation_group_id: null })
    .where('article_id', '=', translationId)
    .execute();
}

/** Counts to add to an article's feedback: a vote (or a changed vote: -1 on one side, +1 on the other), views. */
export interface ArticleFeedbackDelta {
  readonly helpful?: number;
  readonly unhelpful?: number;
  readonly views?: number;
}

/** Adds votes and views to an article's counters. */
export async function addArticleFeedback(
  trx: ReadModelTransaction,
  articleId: string,
  delta: ArticleFeedbackDelta,
): Promise<void> {
  await trx
    .updateTable('kb_articles')
    .set((eb) => ({
      helpful_votes: eb('helpful_votes', '+', delta.helpful ?? 0),
      unhelpful_votes: eb('unhelpful_votes', '+', delta.unhelpful ?? 0),
      views: sql<string>`views + ${delta.views ?? 0}`,
    }))
    .where('article_id', '=', articleId)
    .execute();
}

/** Adds the folded words of published text to the vocabulary (never removed: stale words only correct typos). */
async function addWords(trx: ReadModelTransaction, content: ArticleContent): Promise<void> {
  const text = [content.title, content.excerpt, content.tags.join(' '), articleBodyText(content.bodyMarkdown)].join(
    ' ',
  );
  await sql`
    insert into kb_words (word)
    select distinct w from regexp_split_to_table(lower(${unaccent(text)}), '[^[:alnum:]]+') as w
    where length(w) between 3 and 40
    on conflict (word) do nothing`.execute(trx);
}
