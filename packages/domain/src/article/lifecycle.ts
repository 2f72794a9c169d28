import { DomainError } from '../shared/errors.js';
import { termsKey } from '../sla-config/governing.js';
import { type Article, type ArticleRevision, liveVersion, type PublishedArticleVersion } from './state.js';

/**
 * Where an article stands, as lists show it: `archived` above all; else `published` while a
 * version is live (a revision in progress does not change that); else its first draft's status.
 */
export type ArticleStatus = 'draft' | 'in_review' | 'published' | 'archived';

/** The article's status (see {@link ArticleStatus}). */
export function articleStatus(article: Article): ArticleStatus {
  if (article.archived) return 'archived';
  if (article.live !== null) return 'published';
  return article.revision?.status ?? 'draft';
}

/** Refuses anything but a restore on an archived article (`ARTICLE_ARCHIVED`). */
export function requireNotArchived(article: Article): void {
  if (!article.archived) return;
  throw new DomainError('ARTICLE_ARCHIVED', `Article ${article.articleId} is archived; restore it first`, {
    articleId: article.articleId,
  });
}

/** The revision being written, or `ARTICLE_NOT_DRAFT` (none, or it is in review). */
export function requireDraft(article: Article): ArticleRevision {
  const { revision } = article;
  if (revision?.status === 'draft') return revision;
  const why = revision === null ? 'has no revision in progress; start one' : 'is in review';
  throw new DomainError('ARTICLE_NOT_DRAFT', `Article ${article.articleId} ${why}`, {
    articleId: article.articleId,
    status: articleStatus(article),
  });
}

/** The revision in review, or `ARTICLE_NOT_IN_REVIEW`. */
export function requireInReview(article: Article): ArticleRevision {
  const { revision } = article;
  if (revision?.status === 'in_review') return revision;
  throw new DomainError('ARTICLE_NOT_IN_REVIEW', `Article ${article.articleId} has no revision in review`, {
    articleId: article.articleId,
    status: articleStatus(article),
  });
}

/**
 * The live version, when a revision may start from it: `ARTICLE_NOT_PUBLISHED` when nothing is
 * live, `ARTICLE_REVISION_IN_PROGRESS` when a revision already is.
 */
export function requireRevisable(article: Article): PublishedArticleVersion {
  const live = liveVersion(article);
  if (live === null)
    throw new DomainError('ARTICLE_NOT_PUBLISHED', `Article ${article.articleId} has no published version to revise`, {
      articleId: article.articleId,
    });
  if (article.revision !== null)
    throw new DomainError(
      'ARTICLE_REVISION_IN_PROGRESS',
      `Article ${article.articleId} already has a revision in progress`,
      { articleId: article.articleId, status: article.revision.status },
    );
  return live;
}

/**
 * Refuses for review a revision whose text is the live version's, unchanged (`ARTICLE_UNCHANGED`):
 * approving it would publish a copy of what readers already see. Discard it instead.
 */
export function requireChanged(article: Article, revision: ArticleRevision): void {
  const live = liveVersion(article);
  if (live === null || termsKey(live.content) !== termsKey(revision.content)) return;
  throw new DomainError(
    'ARTICLE_UNCHANGED',
    `Article ${article.articleId}'s revision changes nothing of version ${live.version}: edit it, or discard it (discardArticleRevision)`,
    { articleId: article.articleId, liveVersion: live.version },
  );
}

/** Refuses a draft without a body for review (`ARTICLE_INCOMPLETE`): a reviewer approves what readers will see. */
export function requireComplete(article: Article, revision: ArticleRevision): void {
  if (revision.content.body.trim() !== '') return;
  throw new DomainError('ARTICLE_INCOMPLETE', `Article ${article.articleId} has no body to review`, {
    articleId: article.articleId,
    missing: ['body'],
  });
}
