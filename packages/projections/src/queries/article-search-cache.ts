import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { ReadModelTables } from '../schema.js';
import type { ArticleSearchResult } from './article-search-result.js';

/**
 * Results of knowledge-base searches, kept per state of the knowledge base: a help center's
 * readers ask the same few questions over and over, and the answer only changes when an article
 * does. Entries are keyed by the revision the triggers of the searchable tables stamp (the
 * transaction that last changed them), so a change makes every older entry unreachable at once
 * and a search never answers from text older than what it could read itself. Concurrent
 * identical searches share one run. One cache per process; processes share nothing but the stamp.
 */
export class ArticleSearchCache {
  readonly #entries: LRUCache<string, ArticleSearchResult, () => Promise<ArticleSearchResult>>;

  /** @param maxEntries most results kept (least recently used dropped first), 1 or more. */
  constructor(maxEntries: number) {
    this.#entries = new LRUCache<string, ArticleSearchResult, () => Promise<ArticleSearchResult>>({
      max: maxEntries,
      fetchMethod: (_key, _stale, { context }) => context(),
    });
  }

  /**
   * The result for `key` at the knowledge base's current revision: remembered, or computed by
   * `run` (a failed run is not remembered).
   */
  async get(
    db: Kysely<ReadModelTables>,
    key: readonly unknown[],
    run: () => Promise<ArticleSearchResult>,
  ): Promise<ArticleSearchResult> {
    const revision = await db.selectFrom('kb_search_revision').select('changed_in').executeTakeFirst();
    const result = await this.#entries.fetch(JSON.stringify([revision?.changed_in ?? null, ...key]), {
      context: run,
    });
    // fetch resolves to undefined only when fetchMethod does; `run` always yields a result.
    return result!;
  }

  /** How many results are kept now. */
  get size(): number {
    return this.#entries.size;
  }
}
