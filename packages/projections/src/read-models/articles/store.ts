import { type RawBuilder, sql } from 'kysely';
import type { ReadModelTransaction } from '../../projection.js';
import { chunksFor } from '../chunks.js';
import { rowFromDb } from '../columns.js';
import { insertRows, updateRows, upsertRows } from '../fold.js';
import { ARTICLE_STATE_COLUMNS, type ArticleStateRow } from './columns.js';
import { articlePassages } from './passages.js';
import { articleBodyText, renderArticleBody } from './render.js';
import { type ArticlesBatch, type ArticleText, currentVersionOf, type PublishedVersion } from './row.js';
import { EXTENSION_SCHEMA, foldAgreement, joinedCompounds, textSearchConfig, textVector } from './text-search.js';

const unaccent = (text: RawBuilder<string> | string) => sql<string>`${sql.raw(EXTENSION_SCHEMA)}.unaccent(${text})`;

/** The columns an article's text sets on its row and on a published version's, derived ones included. */
const TEXT_COLUMNS = [
  'article_id',
  'locale',
  'slug',
  'title',
  'excerpt',
  'body_markdown',
  'body_html',
  'body_text',
  'category_id',
  'tags',
  'author_id',
  'related',
  'attachments',
  'search_config',
  'title_folded',
  'search',
  'search_head',
  'passages',
  'passage_search',
] as const;

/** The columns derived from an article's content: rendered body, plain text, folded title, weighted vector. */
function indexed(content: ArticleText) {
  const config = textSearchConfig(content.locale);
  const bodyText = articleBodyText(content.bodyMarkdown);
  const tags = content.tags.join(' ');
  const passages = articlePassages(bodyText);
  // `::regconfig` resolves the name through the connection's search_path: the schema's own configuration.
  const vector = (text: string, weight: 'A' | 'B' | 'C') =>
    sql`setweight(${textVector(config, withCompounds(text))}, ${weight})`;
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
      select ${textVector(config, sql`p`)} from unnest(${passages.map(withCompounds)}::text[]) with ordinality u(p, n)
      order by n)`,
  } satisfies Record<(typeof TEXT_COLUMNS)[number], unknown>;
}

/**
 * What is analysed of `text`: its agreeing forms folded, followed by its hyphenated words written
 * joined, so either spelling finds the other.
 */
const withCompounds = (text: string) => {
  const folded = foldAgreement(text);
  return `${folded} ${joinedCompounds(folded)}`;
};

const STATE_COLUMNS = Object.keys(ARTICLE_STATE_COLUMNS) as (keyof typeof ARTICLE_STATE_COLUMNS)[];

/** The state columns of the articles in `ids`. */
export async function loadArticles(trx: ReadModelTransaction, ids: readonly string[]): Promise<ArticleStateRow[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('kb_articles')
    .select(STATE_COLUMNS)
    .where('article_id', '=', sql<string>`any(${ids}::text[])`)
    .execute();
  return rows.map((row) => rowFromDb(ARTICLE_STATE_COLUMNS, row));
}

/** Writes back what a batch changed, each kind of row with as few statements as it takes. */
export async function saveArticles(trx: ReadModelTransaction, batch: ArticlesBatch): Promise<void> {
  await writeTexts(trx, batch);
  // Only a statement that sets `status` marks the search results stale (see the migration's
  // trigger), so rows whose status did not change are written without it.
  const changed = [...batch.changed].map((id) => batch.articles.get(id)!);
  const statusMoved = (row: ArticleStateRow) => batch.loadedStatus.get(row.article_id) !== row.status;
  await updateRows(trx, 'kb_articles', 'article_id', changed.filter(statusMoved));
  await updateRows(
    trx,
    'kb_articles',
    'article_id',
    changed.filter((row) => !statusMoved(row)).map(({ status: _status, ...row }) => row),
  );
  await insertVersions(trx, batch);
  const current = [...batch.current];
  const leaving = await countLiveWords(trx, current, -1);
  await markCurrentVersions(
    trx,
    current.map((id) => ({ article_id: id, version: currentVersionOf(batch.articles.get(id)!) })),
  );
  await countLiveWords(trx, current, 1);
  await forgetUnusedWords(trx, leaving);
  await refreshSearchHeads(trx, [...batch.heads]);
  await upsertRows(trx, 'kb_article_votes', ['article_id', 'version', 'reader_id'], [...batch.votes.values()]);
  await insertRows(trx, 'kb_article_views', batch.views);
}

/**
 * Writes each changed working text with what PostgreSQL derives from it; a new article's row
 * is created with it (its status and times; the state update that follows sets the rest).
 */
async function writeTexts(trx: ReadModelTransaction, batch: ArticlesBatch): Promise<void> {
  const rows = [...batch.texts.values()].map((text) => {
    const state = batch.articles.get(text.articleId)!;
    return { ...indexed(text), status: state.status, created_at: state.created_at, updated_at: state.updated_at };
  });
  if (rows.length === 0) return;
  const textColumns = TEXT_COLUMNS.filter((column) => column !== 'article_id');
  for (const slice of chunksFor(rows, PARAMETERS_PER_TEXT)) {
    await trx
      .insertInto('kb_articles')
      .values(slice)
      .onConflict((oc) =>
        oc
          .column('article_id')
          .doUpdateSet((eb) => Object.fromEntries(textColumns.map((c) => [c, eb.ref(`excluded.${c}` as never)]))),
      )
      .execute();
  }
}

/** Bind parameters one indexed text takes, with room to spare: its columns, some used more than once. */
const PARAMETERS_PER_TEXT = 60;

/**
 * Records published versions (kept for ever; one already there is left as it is), none current
 * yet. A version whose text is its article's working text as the batch leaves it (an approval
 * with no later edit in the batch: the usual case) takes its derived columns from the article's
 * row, written just before, instead of analysing the same text again.
 */
async function insertVersions(trx: ReadModelTransaction, batch: ArticlesBatch): Promise<void> {
  const sameText = (version: PublishedVersion) => {
    const working = batch.texts.get(version.articleId);
    return working !== undefined && textKey(working) === textKey(version);
  };
  const written = (version: PublishedVersion) => ({
    version: version.version,
    published_by: version.publishedBy,
    published_at: version.publishedAt,
    is_current: false,
  });
  const copies = batch.versions.filter(sameText);
  if (copies.length > 0) {
    const copied = TEXT_COLUMNS.filter((column) => column !== 'author_id').map((column) => sql.ref(column));
    await sql`
      insert into kb_article_versions (${sql.join(copied)}, author_id, version, published_by, published_at, is_current)
      select ${sql.join(copied.map((column) => sql`a.${column}`))}, v.author_id, v.version, v.published_by, v.published_at, false
      from json_to_recordset(${JSON.stringify(copies.map((version) => ({ article_id: version.articleId, author_id: version.authorId, ...written(version) })))}::json)
        as v(article_id text, author_id text, version integer, published_by text, published_at timestamptz)
      join kb_articles as a on a.article_id = v.article_id
      on conflict (article_id, version) do nothing`.execute(trx);
  }
  const rows = batch.versions
    .filter((version) => !sameText(version))
    .map((version) => ({ ...indexed(version), ...written(version) }));
  for (const slice of chunksFor(rows, PARAMETERS_PER_TEXT)) {
    await trx
      .insertInto('kb_article_versions')
      .values(slice)
      .onConflict((oc) => oc.columns(['article_id', 'version']).doNothing())
      .execute();
  }
}

/** What a text's derived columns depend on: the text itself, not its author nor its publication. */
function textKey(text: ArticleText | PublishedVersion): string {
  const {
    authorId: _author,
    version: _version,
    publishedBy: _by,
    publishedAt: _at,
    ...content
  } = text as PublishedVersion;
  return JSON.stringify(content);
}

/** Flags each article's current version (none: `null`), rewriting only the versions whose flag moves. */
async function markCurrentVersions(
  trx: ReadModelTransaction,
  current: readonly { article_id: string; version: number | null }[],
): Promise<void> {
  if (current.length === 0) return;
  await sql`
    update kb_article_versions as v set is_current = v.version is not distinct from c.version
    from json_to_recordset(${JSON.stringify(current)}::json) as c(article_id text, version integer)
    where v.article_id = c.article_id and v.is_current <> (v.version is not distinct from c.version)`.execute(trx);
}

/** Rewrites the articles' search heads from their rows: what staff and customers may now find of them. */
async function refreshSearchHeads(trx: ReadModelTransaction, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.deleteFrom('kb_search_heads').where('article_id', '=', sql<string>`any(${ids}::text[])`).execute();
  await sql`
    insert into kb_search_heads (audience, article_id, locale, category_id, tags, search_head)
    select 'staff', article_id, locale, category_id, tags, search_head from kb_articles
    where article_id = any(${ids}::text[]) and status <> 'archived'
    union all
    select 'customer', article_id, locale, category_id, tags, search_head from kb_article_versions
    where article_id = any(${ids}::text[]) and is_current`.execute(trx);
}

/**
 * The folded words (3 to 40 letters and digits) of the current versions of `ids`, what customers
 * read of them, each counted once per article, added to (`sign` 1) or taken from (-1) the
 * vocabulary's counts. A word whose last live article changes or is archived then counts none,
 * and goes ({@link forgetUnusedWords}): typo correction never offers a word no reader can find.
 * Answers the words it counted.
 */
async function countLiveWords(
  trx: ReadModelTransaction,
  ids: readonly string[],
  sign: 1 | -1,
): Promise<{ word: string; locale: string }[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ word: string; locale: string }>`
    with live as (
      select w.word, v.locale, count(distinct v.article_id)::integer as articles
      from kb_article_versions v,
        regexp_split_to_table(lower(${unaccent(sql<string>`concat_ws(' ', v.title, v.excerpt, array_to_string(v.tags, ' '), v.body_text)`)}), '[^[:alnum:]]+') as w(word)
      where v.article_id = any(${ids}::text[]) and v.is_current and length(w.word) between 3 and 40
      group by w.word, v.locale
    )
    insert into kb_words (word, locale, articles)
    select word, locale, ${sign} * articles from live
    on conflict (word, locale) do update set articles = kb_words.articles + excluded.articles
    returning word, locale`.execute(trx);
  return rows;
}

/** Removes the `words` no live article holds any more. */
async function forgetUnusedWords(
  trx: ReadModelTransaction,
  words: readonly { word: string; locale: string }[],
): Promise<void> {
  if (words.length === 0) return;
  await sql`
    delete from kb_words k using json_to_recordset(${JSON.stringify(words)}::json) as w(word text, locale text)
    where k.word = w.word and k.locale = w.locale and k.articles <= 0`.execute(trx);
}
