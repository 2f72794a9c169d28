import {
  ARTICLE_EVENT_TYPES,
  ARTICLE_READER_EVENT_TYPES,
  type ArticleEvent,
  type ArticleViewed,
  type ArticleContent as DomainArticleContent,
} from '@support-engine/domain';
import type { ProjectedEvent } from '../../events.js';
import type { Projection, ReadModelTransaction } from '../../projection.js';
import { sequentialProjection } from '../sequential.js';
import {
  type ArticleContent,
  addArticleFeedback,
  archiveArticle,
  linkArticleTranslation,
  publishArticleVersion,
  restoreArticle,
  unlinkArticleTranslation,
  upsertArticle,
} from './store.js';

/** Options of {@link createArticlesProjection}. */
export interface ArticlesProjectionOptions {
  /** Checkpoint and lock name; `articles` by default. */
  readonly name?: string;
}

type KbEvent = ArticleEvent | ArticleViewed;

/**
 * The knowledge base's read models: each article's working text and status (staff search it),
 * every published version (customers read and search the current one), translations, votes with
 * their comments, and readers' daily views (the self-service figures).
 */
export function createArticlesProjection(options: ArticlesProjectionOptions = {}): Projection {
  return sequentialProjection<KbEvent, null>({
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
    begin: () => null,
    applyOne: (trx, event) => applyKbEvent(trx, event),
    end: async () => {},
  });
}

const textOf = (
  articleId: string,
  locale: string,
  content: DomainArticleContent,
  authorId: string,
): ArticleContent => ({
  articleId,
  locale,
  slug: content.slug,
  title: content.title,
  excerpt: content.excerpt,
  bodyMarkdown: content.body,
  categoryId: content.categoryId,
  tags: content.tags,
  authorId,
  related: content.related,
  attachments: content.attachments,
});

async function applyKbEvent(trx: ReadModelTransaction, event: ProjectedEvent<KbEvent>): Promise<void> {
  if (event.type === 'ArticleViewed') return recordView(trx, event.data);
  const { articleId, at } = event.data;
  switch (event.type) {
    case 'ArticleDraftCreated':
      return upsertArticle(trx, {
        ...textOf(articleId, event.data.locale, event.data.content, event.data.actor.id),
        status: 'draft',
        createdAt: at,
        updatedAt: at,
      });
    case 'ArticleDraftEdited':
    case 'ArticleRevisionStarted':
      return saveWorkingText(trx, articleId, event.data.content, event.data.actor.id, at, null);
    case 'ArticleSubmittedForReview':
      return saveWorkingText(trx, articleId, event.data.content, event.data.actor.id, at, 'in_review');
    case 'ArticleChangesRequested':
      return setUnpublishedStatus(trx, articleId, 'draft', at);
    case 'ArticleApproved': {
      const text = textOf(articleId, event.data.locale, event.data.content, event.data.authors[0]!);
      await saveWorkingText(trx, articleId, event.data.content, event.data.authors[0]!, at, null);
      return publishArticleVersion(trx, {
        ...text,
        version: event.data.version,
        publishedBy: event.data.reviewerId,
        publishedAt: at,
      });
    }
    case 'ArticleArchived':
      return archiveArticle(trx, articleId, at);
    case 'ArticleRestored':
      return restoreArticle(trx, articleId, at);
    case 'ArticleTranslationLinked':
      return linkArticleTranslation(trx, articleId, event.data.translationId);
    case 'ArticleTranslationUnlinked':
      return unlinkArticleTranslation(trx, event.data.translationId);
    case 'ArticleVoted':
      return recordVote(trx, event.data);
  }
}

/** A vote (or a changed one): the reader's row, and the article's counters moved from the old side to the new. */
async function recordVote(trx: ReadModelTransaction, data: Extract<ArticleEvent, { type: 'ArticleVoted' }>['data']) {
  const { articleId, at } = data;
  const previous = data.previous?.helpful;
  await trx
    .insertInto('kb_article_votes')
    .values({
      article_id: articleId,
      version: data.version,
      reader_id: data.readerId,
      helpful: data.helpful,
      comment: data.comment ?? null,
      voted_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['article_id', 'version', 'reader_id'])
        .doUpdateSet({ helpful: data.helpful, comment: data.comment ?? null, voted_at: at }),
    )
    .execute();
  if (previous === data.helpful) return;
  return addArticleFeedback(trx, articleId, {
    helpful: (data.helpful ? 1 : 0) - (previous === true ? 1 : 0),
    unhelpful: (data.helpful ? 0 : 1) - (previous === false ? 1 : 0),
  });
}

/** The working text changed; the status moves to `status` unless a version is live (it stays published). */
async function saveWorkingText(
  trx: ReadModelTransaction,
  articleId: string,
  content: DomainArticleContent,
  authorId: string,
  at: string,
  status: 'in_review' | null,
): Promise<void> {
  const row = await trx
    .selectFrom('kb_articles')
    .select(['locale', 'status', 'published_version', 'created_at'])
    .where('article_id', '=', articleId)
    .executeTakeFirstOrThrow();
  await upsertArticle(trx, {
    ...textOf(articleId, row.locale, content, authorId),
    status: status === null || row.published_version !== null ? row.status : status,
    createdAt: row.created_at.toISOString(),
    updatedAt: at,
  });
}

/** An article never published takes `status`; a published one stays published while its revision moves. */
async function setUnpublishedStatus(trx: ReadModelTransaction, articleId: string, status: string, at: string) {
  await trx
    .updateTable('kb_articles')
    .set({ status, updated_at: at })
    .where('article_id', '=', articleId)
    .where('published_version', 'is', null)
    .execute();
}

async function recordView(trx: ReadModelTransaction, data: ArticleViewed['data']): Promise<void> {
  await trx
    .insertInto('kb_article_views')
    .values({
      reader_id: data.readerId,
      article_id: data.articleId,
      day: data.day,
      version: data.version,
      reader_role: data.actor.role,
      viewed_at: data.at,
    })
    .execute();
  await addArticleFeedback(trx, data.articleId, { views: 1 });
}
