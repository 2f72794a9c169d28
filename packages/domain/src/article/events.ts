import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { ArticleContent, ArticleLocale, VoteComment } from './values.js';

// Every event names its article and carries whole contents, so the read side (search, lists, a
// version's page) never folds earlier events to show one.

const Version = z.int().positive();
const Authors = z.array(Id).min(1);

/** A new article's first draft; `createdBy` is its first author (the actor). */
export const ArticleDraftCreated = defineEvent('ArticleDraftCreated', {
  articleId: Id,
  locale: ArticleLocale,
  content: ArticleContent,
});

/** The draft changed: `content` is the whole draft now, `changed` the fields that differ. */
export const ArticleDraftEdited = defineEvent('ArticleDraftEdited', {
  articleId: Id,
  locale: ArticleLocale,
  content: ArticleContent,
  changed: z.array(z.string()).min(1),
});

/** The draft was handed to a reviewer, as `content`; `authors` may not approve it. */
export const ArticleSubmittedForReview = defineEvent('ArticleSubmittedForReview', {
  articleId: Id,
  locale: ArticleLocale,
  content: ArticleContent,
  authors: Authors,
});

/**
 * The revision in review was approved and is live as `version` (the previous live version, if
 * any, is `previousVersion` and stays readable). Carries the whole published version.
 */
export const ArticleApproved = defineEvent('ArticleApproved', {
  articleId: Id,
  version: Version,
  previousVersion: Version.nullable(),
  locale: ArticleLocale,
  content: ArticleContent,
  authors: Authors,
  reviewerId: Id,
});

/** The revision in review went back to draft; the reviewer (the actor) says what to change in `reason`. */
export const ArticleChangesRequested = defineEvent('ArticleChangesRequested', { articleId: Id });

/**
 * A revision of the published version `fromVersion` began, as a copy of it: the live version, or an
 * earlier one restored; the live version stays published.
 */
export const ArticleRevisionStarted = defineEvent('ArticleRevisionStarted', {
  articleId: Id,
  fromVersion: Version,
  content: ArticleContent,
});

/**
 * The revision in progress of a published article was dropped unpublished: the working text is
 * the live version's again (`content`, by `authorId`, its first author, for the read side).
 */
export const ArticleRevisionDiscarded = defineEvent('ArticleRevisionDiscarded', {
  articleId: Id,
  liveVersion: Version,
  content: ArticleContent,
  authorId: Id,
});

/** The article left the knowledge base; `liveVersion` is what readers no longer see. */
export const ArticleArchived = defineEvent('ArticleArchived', {
  articleId: Id,
  liveVersion: Version.nullable(),
});

/** The article came back: `liveVersion` is published again (if any); a revision in progress is a draft. */
export const ArticleRestored = defineEvent('ArticleRestored', {
  articleId: Id,
  liveVersion: Version.nullable(),
});

/** `translationId` is the article's translation into `locale`. */
export const ArticleTranslationLinked = defineEvent('ArticleTranslationLinked', {
  articleId: Id,
  translationId: Id,
  locale: ArticleLocale,
});

/** `translationId` is no longer the article's translation into `locale`. */
export const ArticleTranslationUnlinked = defineEvent('ArticleTranslationUnlinked', {
  articleId: Id,
  translationId: Id,
  locale: ArticleLocale,
});

/**
 * A reader voted on a published version; `previous` is the vote it replaces (one per reader and
 * version), so a counter adjusts without looking back.
 */
export const ArticleVoted = defineEvent('ArticleVoted', {
  articleId: Id,
  version: Version,
  readerId: Id,
  helpful: z.boolean(),
  comment: VoteComment.optional(),
  previous: z.object({ helpful: z.boolean() }).strict().optional(),
});

/** Every event of an article stream. */
export const ArticleEvent = z.discriminatedUnion('type', [
  ArticleDraftCreated,
  ArticleDraftEdited,
  ArticleSubmittedForReview,
  ArticleApproved,
  ArticleChangesRequested,
  ArticleRevisionStarted,
  ArticleRevisionDiscarded,
  ArticleArchived,
  ArticleRestored,
  ArticleTranslationLinked,
  ArticleTranslationUnlinked,
  ArticleVoted,
]);
export type ArticleEvent = z.infer<typeof ArticleEvent>;
/** One article event type, narrowed by its `type`. */
export type ArticleEventOf<T extends ArticleEvent['type']> = Extract<ArticleEvent, { type: T }>;

/** The article stream's event types, for the event schema registry. */
export const ARTICLE_EVENT_TYPES = ArticleEvent.options.map((option) => option.shape.type.value);
