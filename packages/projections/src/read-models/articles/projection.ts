import { ARTICLE_EVENT_TYPES, ARTICLE_READER_EVENT_TYPES } from '@support-engine/domain/article';
import type { Projection } from '../../projection.js';
import { foldProjection } from '../fold.js';
import { type ArticlesBatch, applyKbEvent, type KbEvent, newArticlesBatch, touchedArticleIds } from './row.js';
import { loadArticles, saveArticles } from './store.js';

/** Options of {@link createArticlesProjection}. */
export interface ArticlesProjectionOptions {
  /** Checkpoint and lock name; `articles` by default. */
  readonly name?: string;
}

/**
 * The knowledge base's read models: each article's working text and status (staff search it),
 * every published version (customers read and search the current one), translations, votes with
 * their comments, and readers' daily views (the self-service figures). Folded per batch
 * (`fold.ts`): the events' logic is {@link applyKbEvent}; the store writes texts with what
 * PostgreSQL derives from them (search vectors, passages) and rewrites search heads from the rows.
 */
export function createArticlesProjection(options: ArticlesProjectionOptions = {}): Projection {
  return foldProjection<KbEvent, ArticlesBatch>({
    name: options.name ?? 'articles',
    eventTypes: [...ARTICLE_EVENT_TYPES, ...ARTICLE_READER_EVENT_TYPES],
    tables: [
      'kb_articles',
      'kb_article_versions',
      'kb_words',
      'kb_search_heads',
      'kb_article_votes',
      'kb_article_views',
    ],
    async load(trx, events) {
      const ids = [...new Set(events.flatMap(touchedArticleIds))];
      return newArticlesBatch(await loadArticles(trx, ids));
    },
    apply: applyKbEvent,
    save: saveArticles,
  });
}
