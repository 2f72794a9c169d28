import type { Actor } from '../shared/actor.js';
import { DomainError } from '../shared/errors.js';
import type { Article, ArticleRevision } from './state.js';

/**
 * Refuses an approval by an author of the revision (`SELF_APPROVAL_FORBIDDEN`): whoever started
 * or edited it. The role (supervisor or admin) is checked before, with every command's role.
 */
export function requireIndependentReviewer(article: Article, revision: ArticleRevision, reviewer: Actor): void {
  if (!revision.authors.includes(reviewer.id)) return;
  throw new DomainError(
    'SELF_APPROVAL_FORBIDDEN',
    `${reviewer.id} wrote this revision of article ${article.articleId}; another reviewer must approve it`,
    { articleId: article.articleId, reviewerId: reviewer.id, authors: revision.authors },
  );
}

/** The revision's authors with `authorId` added (once). */
export function withAuthor(revision: ArticleRevision, authorId: string): readonly string[] {
  return revision.authors.includes(authorId) ? revision.authors : [...revision.authors, authorId];
}
