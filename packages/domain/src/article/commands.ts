import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineCommand } from '../shared/messages.js';
import { Reason } from '../ticket/values.js';
import { ArticleChanges, ArticleContent, ArticleLocale, VoteComment } from './values.js';

/** Starts a new article as a draft, in one locale. */
export const CreateArticleDraft = defineCommand('CreateArticleDraft', {
  articleId: Id,
  locale: ArticleLocale,
  content: ArticleContent,
});

/** Replaces some fields of the draft (the first version's, or a revision's). */
export const EditArticleDraft = defineCommand('EditArticleDraft', { articleId: Id, changes: ArticleChanges });

/** Hands the draft to a reviewer; it can no longer be edited until approved or sent back. */
export const SubmitArticleForReview = defineCommand('SubmitArticleForReview', { articleId: Id });

/** A reviewer (supervisor or admin, not an author of the revision) publishes the revision in review. */
export const ApproveArticle = defineCommand('ApproveArticle', { articleId: Id });

/** A reviewer sends the revision in review back to draft, saying why. */
export const RequestArticleChanges = defineCommand('RequestArticleChanges', { articleId: Id, reason: Reason });

/** Starts a revision of the live version; the live version stays published until the revision is approved. */
export const StartArticleRevision = defineCommand('StartArticleRevision', { articleId: Id });

/**
 * Brings back the text of an earlier published `version` as the article's draft: a revision
 * starting from it, or the draft in progress made that text. It goes through review as any
 * revision; the live version stays published until then.
 */
export const RestoreArticleVersion = defineCommand('RestoreArticleVersion', {
  articleId: Id,
  version: z.int().positive(),
});

/** Drops the revision in progress of a published article, unpublished; readers never saw it. */
export const DiscardArticleRevision = defineCommand('DiscardArticleRevision', { articleId: Id });

/** Takes the article out of the knowledge base; it accepts nothing but a restore afterwards. */
export const ArchiveArticle = defineCommand('ArchiveArticle', { articleId: Id, reason: Reason.optional() });

/** Brings an archived article back (docs/knowledge-base.md#archiving-and-restoring). */
export const RestoreArticle = defineCommand('RestoreArticle', { articleId: Id, reason: Reason.optional() });

/** Records `translationId` as the article's translation into `locale` (one per locale). */
export const LinkArticleTranslation = defineCommand('LinkArticleTranslation', {
  articleId: Id,
  translationId: Id,
  locale: ArticleLocale,
});

/** Forgets the article's translation `translationId`. */
export const UnlinkArticleTranslation = defineCommand('UnlinkArticleTranslation', { articleId: Id, translationId: Id });

/** The acting reader finds a published version helpful or not; voting again changes their vote. */
export const VoteOnArticle = defineCommand('VoteOnArticle', {
  articleId: Id,
  version: z.int().positive(),
  helpful: z.boolean(),
  comment: VoteComment.optional(),
});

/** Every command of an article stream. */
export const ArticleCommand = z.discriminatedUnion('type', [
  CreateArticleDraft,
  EditArticleDraft,
  SubmitArticleForReview,
  ApproveArticle,
  RequestArticleChanges,
  StartArticleRevision,
  RestoreArticleVersion,
  DiscardArticleRevision,
  ArchiveArticle,
  RestoreArticle,
  LinkArticleTranslation,
  UnlinkArticleTranslation,
  VoteOnArticle,
]);
/** An article command with its defaults applied. */
export type ParsedArticleCommand = z.infer<typeof ArticleCommand>;
/** An article command as callers write it (defaults may be left out). */
export type ArticleCommand = z.input<typeof ArticleCommand>;
