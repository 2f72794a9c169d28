import { type Column, instant, nullableInstant, plain, type RowOf } from '../columns.js';

/** A `bigint` counter: pg reads int8 as a string, kept as a number in memory. */
const count8: Column<string, string | number, number> = { fromDb: Number, toDb: (value) => value };

/**
 * The columns of `kb_articles` that events set directly: status, publication, translation links,
 * feedback counters and times. The text columns (and what PostgreSQL derives from them: search
 * vectors, folded title, passages) are written from an article's content by the store.
 */
export const ARTICLE_STATE_COLUMNS = {
  article_id: plain<string>(),
  locale: plain<string>(),
  /** As the domain names it: `draft`, `in_review`, `published`, `archived`. */
  status: plain<string>(),
  /** The article's own translation links, as its stream records them: locale → the linked article. */
  translations: plain<Record<string, string>>(),
  published_version: plain<number | null>(),
  published_at: nullableInstant,
  /** The revision of the live version under way: `draft`, `in_review`, or `null` (see the table's column). */
  revision_status: plain<string | null>(),
  helpful_votes: plain<number>(),
  unhelpful_votes: plain<number>(),
  views: count8,
  created_at: instant,
  updated_at: instant,
};

/** The state columns of one article, held in memory while a batch is folded; instants are ISO strings. */
export type ArticleStateRow = RowOf<typeof ARTICLE_STATE_COLUMNS>;
