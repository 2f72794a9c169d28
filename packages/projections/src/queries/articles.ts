import { CURSOR_PREFIX, InvalidCursorError, pageSize } from '@support-engine/eventstore-postgres';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { InvalidSearchError } from '../errors.js';
import {
  ALL_TEXT_SEARCH_CONFIGS,
  EXTENSION_SCHEMA,
  foldAgreement,
  joinedCompounds,
  type TextSearchConfig,
  textSearchConfig,
  textVector,
  webSearchQuery,
} from '../read-models/articles/text-search.js';
import type { ReadModelTables } from '../schema.js';
import type { ArticleSearchCache } from './article-search-cache.js';
import type { ArticleHit, ArticleSearchResult } from './article-search-result.js';
import { executePrepared } from './prepared.js';
import { HEADLINE_MARKS, snippetHtml } from './snippet.js';

export type { ArticleHit, ArticleSearchResult } from './article-search-result.js';

/** Who reads: customers see published versions only, staff the current text of every article not archived. */
export type ArticleAudience = 'customer' | 'staff';

/** Options of {@link searchArticles}. */
export interface SearchArticlesOptions {
  /** What the reader typed: words, "phrases", -excluded words, or a question. */
  readonly text: string;
  /** Narrows to articles in this locale and analyses the text with its language; all locales when omitted. */
  readonly locale?: string;
  readonly categoryId?: string;
  readonly tag?: string;
  readonly audience: ArticleAudience;
  /** Page size, 1..100; 20 by default. */
  readonly first?: number;
  /** The previous page's `nextCursor`. */
  readonly after?: string;
}

/** Longest query text accepted: a search box, not a document. */
export const MAX_SEARCH_TEXT = 500;

/**
 * Ranked full-text search over the knowledge base. The text is analysed with the locale's
 * configuration (French or English stemming, accents folded; every configuration when no
 * locale is given). Hits containing every word (web-search syntax) come first; after them,
 * hits containing some of the words, prefixes included, so "factur" and partial or extra words
 * still find something. Words the vocabulary does not know are also looked for as the nearest
 * known word (trigram similarity), which absorbs typos. Ranked by weighted relevance (title
 * over excerpt and tags over body), then id. With a `cache`, a search asked again before any
 * searchable row changed is answered from it.
 */
export async function searchArticles(
  db: Kysely<ReadModelTables>,
  options: SearchArticlesOptions,
  cache?: ArticleSearchCache,
): Promise<ArticleSearchResult> {
  const text = searchText(options.text, 'text');
  if (cache === undefined) return rankedSearch(db, text, options);
  const { locale, categoryId, tag, audience, first, after } = options;
  return cache.get(db, [text, locale, categoryId, tag, audience, first, after], () => rankedSearch(db, text, options));
}

/** {@link searchArticles} of the validated `text`, computed. */
async function rankedSearch(
  db: Kysely<ReadModelTables>,
  text: string,
  options: SearchArticlesOptions,
): Promise<ArticleSearchResult> {
  const limit = pageSize(options.first);
  const offset = options.after === undefined ? 0 : decodeOffset(options.after);
  const configs = configsFor(options.locale);
  const query = await analyseQuery(db, foldAgreement(text), configs, options.locale);
  const source = articleSource(options.audience);
  const filters = [
    options.locale === undefined ? sql`true` : sql`s.locale = ${options.locale}`,
    options.categoryId === undefined ? sql`true` : sql`s.category_id = ${options.categoryId}`,
    options.tag === undefined ? sql`true` : sql`s.tags @> array[${options.tag}]::text[]`,
  ];
  const where = sql`${source.visible} and ${sql.join(filters, sql` and `)}`;
  // The audience is spelt out, not a parameter: it selects the head index (a partial index per
  // audience), which a prepared statement's generic plan could not otherwise use.
  const audience = sql`s.audience = ${sql.lit(options.audience)}`;
  const heads = sql`${audience} and ${sql.join(filters, sql` and `)}`;
  const strict = sql`${query.strict}::tsquery`;
  const loose = sql`${query.terms.join(' | ')}::tsquery`;
  // Candidates first, each set bounded and cheap to take, so the full ranking (which reads each
  // article's whole text) never runs over every article sharing a common word with the query
  // (the head sets come from the narrow `kb_search_heads` rows):
  // - titles, excerpts or tags holding every word, best first by that small vector's rank;
  // - only when those are too few, titles, excerpts or tags holding some of the words, the same
  //   way, ranked among the first HEAD_SCAN such heads the index yields (a common word's heads are
  //   not all read and ranked);
  // - only when the heads holding every word are too few, articles holding every word anywhere
  //   (a bounded sample: their head did not match, so the full ranking decides among them; with
  //   `cap` heads holding every word they would rank below all of those, as the body weighs less
  //   than a title, an excerpt or tags);
  // - only when all of that is still too few, articles holding some word only in the body.
  const cap = Math.max(CANDIDATES, offset + limit + 1);
  const headRank = sql`ts_rank(${WEIGHTS}, s.search_head, q.loose)`;
  const rows = await executePrepared(
    db,
    sql<HitRow>`
    with q as (select ${strict} as strict, ${loose} as loose),
    head_all as materialized (
      select s.article_id from kb_search_heads s, q
      where ${heads} and s.search_head @@ q.strict order by ${headRank} desc limit ${cap}
    ),
    head_some as (
      select s.article_id from (
        select s.article_id, s.locale, s.category_id, s.tags, s.search_head from kb_search_heads s, q
        where (select count(*) from head_all) < ${cap} and ${audience} and s.search_head @@ q.loose
        limit ${HEAD_SCAN}
      ) s, q
      where ${sql.join(filters, sql` and `)}
      order by ${headRank} desc limit ${cap}
    ),
    whole as (
      select s.article_id from ${source.table} s, q
      where (select count(*) from head_all) < ${cap} and ${where} and s.search @@ q.strict limit ${cap}
    ),
    found as materialized (
      select article_id from head_all union select article_id from head_some union select article_id from whole
    ),
    body as (
      select s.article_id from ${source.table} s, q
      where (select count(*) from found) < ${cap} and ${where} and s.search @@ q.loose limit ${cap}
    ),
    candidates as (select article_id from found union select article_id from body),
    ranked as (
      select s.article_id, s.locale, s.slug, s.title, s.excerpt, ${source.status} as status, s.category_id, s.tags,
        -- Above 1 only for hits holding every word as typed (what "did you mean" and readers go
        -- by); the others are squeezed below 1, in the same order, whatever their sum.
        case when v.search @@ q.strict then 1 + m.score else m.score / (1 + m.score) end as rank
      from ${source.table} s join candidates c on c.article_id = s.article_id, q,
        -- The whole text's vector is stored out of line: read once here, not once per use below.
        lateral (select s.search || ''::tsvector as search offset 0) v,
        lateral (select ts_rank(${WEIGHTS}, v.search, q.loose) + ${coverage(query.terms)} as score) m
      where ${source.visible}
      order by rank desc, s.article_id
      limit ${limit + 1} offset ${offset}
    ),
    page as (select r.*, row_number() over (order by r.rank desc, r.article_id) as n from ranked r)
    -- Snippets, the costliest part, only for the page's hits (not the one that only tells that
    -- another page follows).
    select r.article_id, r.locale, r.slug, r.title, r.excerpt, r.status, r.category_id, r.tags, r.rank,
      case when r.n <= ${limit} then ${snippet(sql`q.loose`)} end as snippet
    from page r join ${source.table} s on s.article_id = r.article_id, q
    where ${source.visible}
    order by r.n`,
  );
  const items = rows.slice(0, limit).map(hitView);
  return {
    items,
    nextCursor: rows.length > limit ? encodeOffset(offset + limit) : null,
    text,
    // No "did you mean" once hits hold every word as typed: a word the vocabulary lacks may be
    // spelt right ("mots" beside "mot"), the stemmer reading it.
    correctedText: query.changed && !items.some((hit) => hit.rank > 1) ? query.corrected : null,
    noHits: offset === 0 && items.length === 0,
    wordful: query.terms.length > 0,
  };
}

/** What {@link analyseQuery} makes of a search's text. */
interface AnalysedQuery {
  /** The text with misspelt words corrected (see {@link correctSpelling}). */
  readonly corrected: string;
  readonly changed: boolean;
  /** The text as web-search syntax: every word (a tsquery's text). */
  readonly strict: string;
  /** One query per significant word, the corrected ones included, the last word also as a prefix (tsquery texts). */
  readonly terms: readonly string[];
}

/**
 * The text's spelling correction and its queries, in one round trip: the ranking statement then
 * takes them as values (its plan kept, see {@link executePrepared}).
 */
async function analyseQuery(
  db: Kysely<ReadModelTables>,
  text: string,
  configs: readonly TextSearchConfig[],
  locale: string | undefined,
): Promise<AnalysedQuery> {
  // Only the last word may be unfinished (the reader is still typing it): it alone counts as a
  // prefix, which keeps the candidate set close to what the words themselves match.
  const lastWord = text.split(' ').at(-1)!;
  const words = sql`${text} || ' ' || coalesce(c.text, '') || ' ' || ${joinedCompounds(text)}`;
  const rows = await executePrepared(
    db,
    sql<{ corrected: string | null; changed: boolean | null; strict: string; terms: string[] }>`
    with c as (${spelling(text, locale)})
    select c.text as corrected, c.changed,
      (${anyConfig(configs, (config) => holdingEveryWord(config, text, lastWord))})::text as strict,
      array(select term::text from unnest(${termQueries(configs, words, { prefix: false })} || ${termQueries(configs, sql`${lastWord}`, { prefix: true })}) term) as terms
    from c`,
  );
  const row = rows[0]!;
  return { corrected: row.corrected ?? '', changed: row.changed ?? false, strict: row.strict, terms: row.terms };
}

/**
 * The query of the articles holding every word of `text` as typed, in one configuration (web-search
 * syntax), its last word as a prefix, since the reader may still be typing it ("reset passw"); the
 * whole text as written when the last word is a stop word, which no prefix stands for.
 */
function holdingEveryWord(config: TextSearchConfig, text: string, lastWord: string) {
  const head = text.slice(0, text.length - lastWord.length);
  return sql`(select case when numnode(p.q) = 0 then ${webSearchQuery(config, text)}
      else ${webSearchQuery(config, head)} && p.q end
    from (select ${anyTerm(termQueries([config], sql`${lastWord}`, { prefix: true }))} as q) p)`;
}

/**
 * The share of the query's words an article's text holds (0..1): ts_rank adds up term weights
 * with no notion of how much of the question an article answers, so one word in a title would
 * otherwise outrank most of the question in the text. One test per word, each word a value of
 * its own in one of COVERAGE_SLOTS slots (the unused ones null, so the statement's text does
 * not depend on how many words the query has); a longer query, rare in a search box, tests its
 * words from an array.
 */
function coverage(terms: readonly string[]) {
  const count =
    terms.length > COVERAGE_SLOTS
      ? sql`(select count(*) from unnest(${terms}::tsquery[]) term where v.search @@ term)`
      : sql.join(
          Array.from(
            { length: COVERAGE_SLOTS },
            (_, i) => sql`coalesce((v.search @@ ${terms[i] ?? null}::tsquery)::int, 0)`,
          ),
          sql` + `,
        );
  return sql`(${count})::float4 / ${Math.max(terms.length, 1)}`;
}

/** Options of {@link autocompleteArticleTitles}. */
export interface AutocompleteOptions {
  /** What the reader has typed so far. */
  readonly prefix: string;
  readonly locale?: string;
  readonly audience: ArticleAudience;
  /** 1..100; 8 by default. */
  readonly first?: number;
}

/** A title offered while the reader types. */
export interface TitleSuggestion {
  readonly articleId: string;
  readonly locale: string;
  readonly slug: string;
  readonly title: string;
  /** Trigram word similarity of what was typed to the title's closest part, 0..1. */
  readonly similarity: number;
}

/**
 * Article titles matching what the reader is typing, typo tolerant: the trigram word
 * similarity of the (accent-folded) input, or of its spelling correction (two swapped letters
 * break most of a short word's trigrams), to the closest stretch of each title, most similar
 * first, through the trigram index.
 */
export async function autocompleteArticleTitles(
  db: Kysely<ReadModelTables>,
  options: AutocompleteOptions,
): Promise<TitleSuggestion[]> {
  const prefix = searchText(options.prefix, 'prefix');
  const source = articleSource(options.audience);
  const x = sql.raw(EXTENSION_SCHEMA);
  const { rows } = await sql<{ article_id: string; locale: string; slug: string; title: string; similarity: number }>`
    with c as (${spelling(prefix, options.locale)}),
      q as (select lower(${x}.unaccent(${prefix})) as p, case when c.changed then c.text end as corrected from c)
    select s.article_id, s.locale, s.slug, s.title,
      greatest(${x}.word_similarity(q.p, s.title_folded), ${x}.word_similarity(q.corrected, s.title_folded)) as similarity
    from ${source.table} s, q
    where ${source.visible} and (s.title_folded operator(${x}.%>) q.p or s.title_folded operator(${x}.%>) q.corrected)
      and ${options.locale === undefined ? sql`true` : sql`s.locale = ${options.locale}`}
    order by similarity desc, s.title_folded like q.p || '%' desc, s.title, s.article_id
    limit ${Math.min(Math.max(Math.trunc(options.first ?? 8), 1), 100)}`.execute(db);
  return rows.map((row) => ({
    articleId: row.article_id,
    locale: row.locale,
    slug: row.slug,
    title: row.title,
    similarity: Number(row.similarity),
  }));
}

/** Options of {@link suggestArticles}. */
export interface SuggestArticlesOptions {
  readonly subject: string;
  readonly firstMessage: string;
  /** The ticket's or chat's language: narrows to it and analyses the text with it. */
  readonly locale?: string;
  /** 1..20; 5 by default. */
  readonly first?: number;
}

/** Words of a first message considered for suggestions: the opening states the problem, the rest is detail and signatures. */
const MESSAGE_WORDS = 40;

/**
 * Published articles that may answer a ticket or chat, from its subject and first message.
 * A message is prose, not a query: requiring all its words would find nothing, so the
 * significant words (stop words dropped by the language's configuration, misspellings corrected,
 * the message cut to its first {@link MESSAGE_WORDS} words) form an OR query, and an article
 * ranks by how many of them it holds and where (title first). The subject's words count twice:
 * it is the customer's own summary.
 */
export async function suggestArticles(
  db: Kysely<ReadModelTables>,
  options: SuggestArticlesOptions,
): Promise<ArticleHit[]> {
  const subject = foldAgreement(options.subject.trim().slice(0, MAX_SEARCH_TEXT));
  const message = foldAgreement(options.firstMessage.trim().split(/\s+/).slice(0, MESSAGE_WORDS).join(' '));
  if (subject === '' && message === '') return [];
  const configs = configsFor(options.locale);
  const [subjectWords, messageWords] = await Promise.all([
    correctSpelling(db, subject, options.locale),
    correctSpelling(db, message, options.locale),
  ]);
  const subjectQuery = orQuery(configs, `${subject} ${subjectWords.text}`, { prefix: false });
  const messageQuery = orQuery(configs, `${message} ${messageWords.text}`, { prefix: false });
  const source = articleSource('customer');
  const { rows } = await sql<HitRow>`
    with q as (select ${subjectQuery} as subject, ${messageQuery} as message)
    select s.article_id, s.locale, s.slug, s.title, s.excerpt, ${source.status} as status, s.category_id, s.tags,
      2 * ts_rank(${WEIGHTS}, s.search, q.subject) + ts_rank(${WEIGHTS}, s.search, q.message) as rank,
      ${snippet(sql`(q.subject || q.message)`)} as snippet
    from ${source.table} s, q
    where ${source.visible} and s.search @@ (q.subject || q.message)
      and ${options.locale === undefined ? sql`true` : sql`s.locale = ${options.locale}`}
    order by rank desc, s.article_id
    limit ${Math.min(Math.max(Math.trunc(options.first ?? 5), 1), 20)}`.execute(db);
  // An article sharing one word of the body with the message is no answer to it: only hits
  // near the best one, and above a floor, are offered.
  const floor = Math.max(SUGGESTION_FLOOR, SUGGESTION_SHARE * Number(rows[0]?.rank ?? 0));
  return rows.filter((row) => Number(row.rank) >= floor).map(hitView);
}

/**
 * A suggestion's least rank (one word of the body, in a subject, ranks about 0.025), and its least
 * share of the best suggestion's: on the search-quality set the expected article ranked at
 * least 0.42 of the best, and the unrelated ones sharing a word 0.08 to 0.14.
 */
const SUGGESTION_FLOOR = 0.03;
const SUGGESTION_SHARE = 0.2;

type HitRow = {
  article_id: string;
  locale: string;
  slug: string;
  title: string;
  excerpt: string;
  status: string;
  category_id: string | null;
  tags: string[];
  rank: number;
  snippet: string;
};

// ts_rank weights in {D, C, B, A} order: the title outweighs the excerpt and tags, which outweigh the body.
const WEIGHTS = sql`'{0.05, 0.2, 0.5, 1.0}'::float4[]`;
/** Most articles each candidate set of a search brings to the full ranking (a deep page brings more). */
const CANDIDATES = 30;
/**
 * Most heads holding some of the words that are read and ranked by their head vector for the
 * loose candidate set: the first the index yields (in table order), so a common word's
 * thousands of heads are not all ranked to keep 30.
 */
const HEAD_SCAN = 300;
/** Words tested one by one for the coverage of a hit; a longer query tests them from an array. */
const COVERAGE_SLOTS = 16;
const HEADLINE = `${HEADLINE_MARKS}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * The highlighted snippet of the article row `s` for `query`: cut from the passage of its body
 * that matches the query best (the earliest of equals), or from its first passage when only the
 * title, excerpt or tags match. Highlighting parses the text it is given, so it reads one
 * passage per hit, not the whole body.
 */
function snippet(query: RawBuilder<unknown>) {
  return sql`ts_headline(s.search_config::regconfig, coalesce(
      (select u.p from unnest(s.passages, s.passage_search) with ordinality u(p, v, n)
        where u.v @@ ${query} order by ts_rank(u.v, ${query}) desc, u.n limit 1),
      s.passages[1], ''), ${query}, ${HEADLINE})`;
}

function hitView(row: HitRow): ArticleHit {
  return {
    articleId: row.article_id,
    locale: row.locale,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    status: row.status,
    categoryId: row.category_id,
    tags: row.tags,
    rank: Number(row.rank),
    snippet: snippetHtml(row.snippet),
  };
}

/** Where an audience's articles are read from, and which of them it may see. */
function articleSource(audience: ArticleAudience) {
  return audience === 'customer'
    ? { table: sql.table('kb_article_versions'), visible: sql`s.is_current`, status: sql`'published'` }
    : { table: sql.table('kb_articles'), visible: sql`s.status <> 'archived'`, status: sql`s.status` };
}

function configsFor(locale: string | undefined): readonly TextSearchConfig[] {
  return locale === undefined ? ALL_TEXT_SEARCH_CONFIGS : [textSearchConfig(locale)];
}

/** The union (`||`) of one query per configuration. */
function anyConfig(configs: readonly TextSearchConfig[], query: (config: TextSearchConfig) => RawBuilder<unknown>) {
  return sql.join(configs.map(query), sql` || `);
}

/**
 * One query per significant word of `text` (as each configuration analyses it; stop words
 * dropped), each a prefix when `prefix` (lexemes of 3+ characters): a `tsquery[]`. Lexemes
 * are quoted for tsquery input.
 */
function termQueries(
  configs: readonly TextSearchConfig[],
  text: string | RawBuilder<unknown>,
  options: { prefix: boolean },
) {
  const vector = sql.join(
    configs.map((config) => textVector(config, text)),
    sql` || `,
  );
  const suffix = options.prefix ? sql`case when length(lexeme) >= 3 then ':*' else '' end` : sql`''`;
  return sql`array(select distinct ('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''' || ${suffix})::tsquery
    from unnest(${vector}))`;
}

/** The query matching any of `terms` (a `tsquery[]`); with none, an empty query, which matches nothing. */
function anyTerm(terms: RawBuilder<unknown>) {
  return sql`(select coalesce(string_agg(term::text, ' | '), '')::tsquery from unnest(${terms}) term)`;
}

/** A query matching any significant word of `text`, as {@link termQueries} splits it. */
function orQuery(configs: readonly TextSearchConfig[], text: string, options: { prefix: boolean }) {
  return anyTerm(termQueries(configs, text, options));
}

/**
 * The text's words, lower-cased and accent-folded, each unknown word of 4+ letters replaced by
 * the closest word of the published vocabulary within its typo allowance (see
 * {@link spelling}), when there is one: of the `locale`'s articles when one is given. Only words
 * customers can read now are used (the current versions of articles not archived), so a
 * correction never reveals a draft, a replaced version or an archived article.
 */
async function correctSpelling(
  db: Kysely<ReadModelTables>,
  text: string,
  locale: string | undefined,
): Promise<{ text: string; changed: boolean }> {
  if (text === '') return { text, changed: false };
  const rows = await executePrepared(db, spelling(text, locale));
  return { text: rows[0]?.text ?? '', changed: rows[0]?.changed ?? false };
}

/** Typed words up to this long are compared letter by letter (`levenshtein` takes at most 255; the vocabulary's are at most 40). */
const MAX_CORRECTED_WORD = 64;

/**
 * The query of {@link correctSpelling}: one row, the corrected text (null without any word) and
 * whether a word changed. Trigrams find the candidates, the most similar first; one is only
 * taken within the edits a search box forgives (as Elasticsearch's `fuzziness: AUTO`: one for
 * 4 or 5 letters, two from 6, two neighbouring letters swapped counting as one); a hyphenated
 * word is left as typed (its joined form is searched too: see `joinedCompounds`). Similar-looking
 * words further apart are other words ("large" is not "charge", "toujours" not "jours"): left as
 * typed, a search for them may find nothing, which is what records a content gap.
 */
function spelling(text: string, locale: string | undefined) {
  const x = sql.raw(EXTENSION_SCHEMA);
  // Words of the locale's articles.
  const inLocale = (alias: string) =>
    locale === undefined ? sql`true` : sql`${sql.ref(`${alias}.locale`)} = ${locale}`;
  return sql<{ text: string | null; changed: boolean | null }>`
    select string_agg(coalesce(c.word, w.word), ' ' order by w.n) as text,
      bool_or(c.word is not null) as changed
    from (
      select t.word, t.n, t.n = max(t.n) filter (where t.word <> '') over () as last
      -- A hyphenated word stays whole ("e-mail"): its parts are no typos of other words.
      from (select btrim(p.word, '-') as word, p.n
        from regexp_split_to_table(lower(${x}.unaccent(${text})), '[^[:alnum:]-]+') with ordinality as p(word, n)) t
    ) w
    -- The word with two neighbouring letters swapped, each way: looked up as they are, since a
    -- swap in a short word breaks most of its trigrams ("emial" shares too few with "email").
    cross join lateral (
      select array(select overlay(w.word placing substr(w.word, i + 1, 1) || substr(w.word, i, 1) from i for 2)
        from generate_series(1, length(w.word) - 1) i) as words
    ) s
    left join lateral (
      select k.word from kb_words k,
        lateral (select ${x}.levenshtein_less_equal(k.word, w.word, 2) as edits) d
      where length(w.word) between 4 and ${sql.lit(MAX_CORRECTED_WORD)}
        and strpos(w.word, '-') = 0
        and not exists (select 1 from kb_words e where e.word = w.word and ${inLocale('e')})
        -- The last word may be one the reader is still typing: the start of a known word is no typo.
        and not (w.last and exists (
          select 1 from kb_words e
          -- Through the trigram index (a word holds letters and digits only: no LIKE wildcard).
          where e.word like w.word || '%' and e.word <> w.word and ${inLocale('e')}))
        -- Nor is a short word the correction of a longer one ("forg" is not "for").
        and length(k.word) >= 4
        and ${inLocale('k')}
        and (k.word operator(${x}.%) w.word or k.word = any(s.words))
        and (d.edits <= case when length(w.word) >= 6 then 2 else 1 end or k.word = any(s.words))
      order by k.word operator(${x}.<->) w.word, k.word
      limit 1
    ) c on true
    where w.word <> ''`;
}

function searchText(value: string, field: 'text' | 'prefix'): string {
  const text = value.trim().replace(/\s+/g, ' ');
  if (text === '') throw new InvalidSearchError(field, 'is empty');
  if (text.length > MAX_SEARCH_TEXT)
    throw new InvalidSearchError(field, `is longer than ${MAX_SEARCH_TEXT} characters`);
  return text;
}

// Ranked hits have no stable keyset (the rank is computed per query), so a search page is a
// position in the ranking: stable while the articles do not change, which is what a reader
// paging through results needs.
const OFFSET_PREFIX = CURSOR_PREFIX.articleSearch;

function encodeOffset(offset: number): string {
  return OFFSET_PREFIX + Buffer.from(String(offset)).toString('base64url');
}

function decodeOffset(cursor: string): number {
  if (cursor.startsWith(OFFSET_PREFIX)) {
    const text = Buffer.from(cursor.slice(OFFSET_PREFIX.length), 'base64url').toString('utf8');
    if (/^\d{1,6}$/.test(text)) return Number(text);
  }
  throw new InvalidCursorError(cursor);
}
