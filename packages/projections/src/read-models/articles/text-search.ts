import { type RawBuilder, sql } from 'kysely';

/**
 * Where `unaccent` and `pg_trgm` live. Extensions are per database while read models live in a
 * schema (`public` or a rebuild's), and a rebuild connection's `search_path` holds only its own
 * schema: every use of an extension object therefore names this schema.
 */
export const EXTENSION_SCHEMA = 'extensions';

/** The article text search configurations the knowledge-base migration creates in each read-model schema. */
export const TEXT_SEARCH_CONFIGS = {
  fr: 'kb_french',
  en: 'kb_english',
  /** Any other language: words split and accents folded, no stemming. */
  other: 'kb_simple',
} as const;
export type TextSearchConfig = (typeof TEXT_SEARCH_CONFIGS)[keyof typeof TEXT_SEARCH_CONFIGS];

/** Words split and accents folded, no stemming: how a customer's name and email are searched, and snippets cut. */
export const FOLDED_WORDS = TEXT_SEARCH_CONFIGS.other;

/**
 * The configurations ticket and chat messages are indexed with: their words as written (accents
 * folded), and the English and the French stems of them, whatever the ticket's language (a
 * customer may write in either), so "crash" finds "crashes" and "rembourser" "remboursement".
 */
const MESSAGE_WORD_CONFIGS = [TEXT_SEARCH_CONFIGS.other, TEXT_SEARCH_CONFIGS.en, TEXT_SEARCH_CONFIGS.fr] as const;

/** The search vector of a message's text column, as a generated column's SQL expression. */
export function messageWordsOf(column: string): string {
  return MESSAGE_WORD_CONFIGS.map((config) => `to_tsvector('${config}', ${column})`).join(' || ');
}

/**
 * A search box's text (web-search syntax: words, "phrases", -excluded) as a query of message
 * words ({@link messageWordsOf}): matching as written, or by their English or French stems.
 */
export function messageWordsQuery(text: string): RawBuilder<unknown> {
  const queries = MESSAGE_WORD_CONFIGS.map((config) => sql`websearch_to_tsquery(${sql.lit(config)}, ${text})`);
  return sql`(${sql.join(queries, sql` || `)})`;
}

/** The configuration an article or query in `locale` (a BCP 47 tag: `fr`, `fr-CA`, `en-GB`, ...) is analysed with. */
export function textSearchConfig(locale: string): TextSearchConfig {
  const language = locale.trim().toLowerCase().split(/[-_]/)[0];
  return language === 'fr' || language === 'en' ? TEXT_SEARCH_CONFIGS[language] : TEXT_SEARCH_CONFIGS.other;
}

/** Every configuration, for a query that is not narrowed to a locale. */
export const ALL_TEXT_SEARCH_CONFIGS: readonly TextSearchConfig[] = Object.values(TEXT_SEARCH_CONFIGS);

/**
 * The hyphenated words of `text` written joined ("e-mail" → "email"), space-separated. Both an
 * article's text and a query add them, so either spelling finds the other.
 */
export function joinedCompounds(text: string): string {
  return Array.from(text.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu), (m) => m[0].replaceAll('-', '')).join(' ');
}

/**
 * French adjectives and past participles agree in gender and number (oublié, oubliée, oubliés,
 * oubliées), but the French stemmer, given accent-folded words, stems "oublie" and "oubliee"
 * apart: each such form is analysed as its masculine singular, in articles and queries alike.
 */
export function foldAgreement(text: string): string {
  return text.replace(/(\p{L})([éÉ])(?:[eE][sS]?|[sS])(?![\p{L}\p{N}])/gu, '$1$2');
}

/**
 * Lexemes a configuration drops besides its stop words: folded, the French "à" is the lexeme "a"
 * (as is the verb "a"), which the French stop list does not hold, and an English "a" would
 * otherwise match every French article.
 */
const EXTRA_STOP_LEXEMES: Readonly<Partial<Record<TextSearchConfig, readonly string[]>>> = {
  [TEXT_SEARCH_CONFIGS.fr]: ['a'],
};

/**
 * The same agreement typed without accents: a word ending in "ee" or "ees" (protegees, donnee)
 * read as its "e" form, as {@link foldAgreement} reads "protégées" as "protégé". French only: in
 * English such words are others ("employees", "free"). PostgreSQL's own regular expression, so
 * text computed in SQL (a spelling correction) is folded too.
 */
const UNACCENTED_AGREEMENT = '([[:alpha:]][eE])[eE][sS]?(?![[:alnum:]])';

/** `text` as `config` analyses it: French folds the agreement typed without accents. */
function analysed(config: TextSearchConfig, text: string | RawBuilder<unknown>) {
  return config === TEXT_SEARCH_CONFIGS.fr ? sql`regexp_replace(${text}, ${UNACCENTED_AGREEMENT}, '\\1', 'g')` : text;
}

/** `to_tsvector` in `config` of `text`, without the configuration's extra stop lexemes. */
export function textVector(config: TextSearchConfig, text: string | RawBuilder<unknown>): RawBuilder<unknown> {
  const vector = sql`to_tsvector(${config}::regconfig, ${analysed(config, text)})`;
  const stops = EXTRA_STOP_LEXEMES[config];
  return stops === undefined ? vector : sql`ts_delete(${vector}, ${stops}::text[])`;
}

/** `websearch_to_tsquery` in `config` of `text`, without the configuration's extra stop lexemes. */
export function webSearchQuery(config: TextSearchConfig, text: string): RawBuilder<unknown> {
  const query = sql`websearch_to_tsquery(${config}::regconfig, ${analysed(config, text)})`;
  return (EXTRA_STOP_LEXEMES[config] ?? []).reduce(
    (rewritten, lexeme) => sql`ts_rewrite(${rewritten}, ${lexeme}::tsquery, ''::tsquery)`,
    query,
  );
}
