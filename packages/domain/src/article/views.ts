import { z } from 'zod';
import { Id } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { checkingContext, type Decider } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { defineCommand, defineEvent, provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { LocalDate } from '../sla/calendar.js';

// Views live on the reader's stream (`kbreader-<readerId>`), not the article's. A popular article
// is read far more often than it is edited: on its own stream every view would be one more event
// to fold for each edit and each as-of read, and one more writer racing its editors at the same
// expected version. A reader's stream only ever races the same reader, and its state is small:
// the articles they viewed today, which is all the per-day deduplication needs.

/** A reader opened a published article (`version`); counted once per reader, article and UTC day. */
export const RecordArticleView = defineCommand('RecordArticleView', {
  readerId: Id,
  articleId: Id,
  version: z.int().positive(),
});
export type RecordArticleView = z.infer<typeof RecordArticleView>;

/** The reader's first view of the article on UTC day `day`. */
export const ArticleViewed = defineEvent('ArticleViewed', {
  readerId: Id,
  articleId: Id,
  version: z.int().positive(),
  day: LocalDate,
});
export type ArticleViewed = z.infer<typeof ArticleViewed>;

/** The reader streams' event types, for the event schema registry. */
export const ARTICLE_READER_EVENT_TYPES = [ArticleViewed.shape.type.value];

/** What a reader's stream remembers: the UTC day of their last view and the articles viewed that day. */
export interface ArticleReaderState {
  readonly day: string | null;
  readonly viewed: readonly string[];
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Records a view unless the reader already viewed the article this UTC day (then nothing).
 * Readers record their own views; the system records them for readers without an account (the
 * API names them by a session id).
 */
export function decideArticleView(input: RecordArticleView, state: ArticleReaderState, context: CommandContext) {
  const { data } = parseOrThrow(RecordArticleView, input, 'article view');
  const { actor } = context;
  if (actor.role !== 'system' && actor.id !== data.readerId)
    throw new DomainError('FORBIDDEN', 'A reader may record only their own views', { role: actor.role });
  const day = utcDay(context.now);
  if (state.day === day && state.viewed.includes(data.articleId)) return [];
  return [{ type: 'ArticleViewed' as const, data: { ...provenance(context), ...data, day } }];
}

/** Applies a view: a new day starts an empty list, so the state never grows past one day. */
export function evolveArticleReader(state: ArticleReaderState, event: ArticleViewed): ArticleReaderState {
  const { day, articleId } = event.data;
  return day === state.day ? { day, viewed: [...state.viewed, articleId] } : { day, viewed: [articleId] };
}

/** One reader's article views: stream `kbreader-<readerId>`. */
export const articleReaderDecider: Decider<RecordArticleView, ArticleViewed, ArticleReaderState> = checkingContext<
  RecordArticleView,
  ArticleViewed,
  ArticleReaderState
>({
  initialState: { day: null, viewed: [] },
  decide: decideArticleView,
  evolve: evolveArticleReader,
});
