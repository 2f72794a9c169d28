import { parseStreamId, streamId } from '@support-engine/domain';
import { encodeCheckpoint, type RecordedEvent } from '@support-engine/eventstore';
import { articleById } from '@support-engine/projections';
import { ApiError } from '../errors/codes.js';
import type { ApiContext } from '../graphql/context.js';
import { defineSubscription } from '../graphql/secure.js';
import { readOnce } from './shared-reads.js';

/** The schema's `ArticleUpdate`, before its `article` field is resolved. */
export interface ArticleUpdateDto {
  readonly articleId: string;
  readonly version: number;
  readonly type: string;
  readonly at: string | Date;
  readonly consistencyToken: string;
  readonly event: RecordedEvent;
}

const ARTICLE = 'article';
const isArticleEvent = (event: RecordedEvent) => parseStreamId(event.streamId)?.category === ARTICLE;

function updateOf(event: RecordedEvent): ArticleUpdateDto {
  return {
    articleId: parseStreamId(event.streamId)?.id ?? event.streamId,
    version: event.streamVersion,
    type: event.type,
    at: typeof event.data.at === 'string' ? event.data.at : event.recordedAt,
    consistencyToken: encodeCheckpoint(event.checkpoint),
    event,
  };
}

/**
 * Each change of one article: its text, status, translations or a reader's vote (staff only: the
 * policy table keeps customers out, since a draft's every edit passes here). An unknown id is
 * `NOT_FOUND`, read from the log so an article created a moment ago is found.
 */
export const articleUpdated = defineSubscription<{ articleId: string }, RecordedEvent>(async (args, context) => {
  const stream = streamId(ARTICLE, args.articleId);
  const first = await context.services.deps.store.readStream(stream, { toVersion: 1 });
  if (first.length === 0) throw new ApiError('NOT_FOUND', `No article "${args.articleId}"`);
  return context.services.feed.events((event) => event.streamId === stream);
}, updateOf);

/** Each change of any article (staff only): a list's cue to read again with the update's token. */
export const articlesUpdated = defineSubscription<object, RecordedEvent>(
  (_args, context) => context.services.feed.events(isArticleEvent),
  updateOf,
);

/**
 * `ArticleUpdate.article`: the staff's view of the article once the read model includes the
 * update, read once per update however many subscribers select it.
 */
export function updatedArticle(parent: ArticleUpdateDto, _args: unknown, context: ApiContext) {
  return readOnce(parent.event, `article ${parent.articleId} staff`, async () => {
    const { waiter, db } = context.services.deps;
    await waiter.waitFor('articles', parent.event.checkpoint, { timeoutMs: context.services.config.consistencyWaitMs });
    return articleById(db, parent.articleId, 'staff');
  });
}
