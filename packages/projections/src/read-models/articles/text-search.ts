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

/** What ticket and chat words are indexed and searched with: split, accents folded, no stemming. */
export const FOLDED_WORDS = TEXT_SEARCH_CONFIGS.other;

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
