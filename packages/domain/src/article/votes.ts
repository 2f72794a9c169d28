import type { Actor } from '../shared/actor.js';
import { DomainError } from '../shared/errors.js';
import { type Article, type ArticleVote, voteKey } from './state.js';

/**
 * The vote a reader's vote on `version` replaces (null: their first), or `undefined` when it is
 * the vote they already cast (nothing to record). Refuses a version that was never published
 * (`ARTICLE_VERSION_NOT_PUBLISHED`); every published version stays open to votes, since readers
 * may hold an old link.
 */
export function replacedVote(
  article: Article,
  version: number,
  reader: Actor,
  vote: ArticleVote,
): ArticleVote | null | undefined {
  if (!article.versions.some((published) => published.version === version))
    throw new DomainError(
      'ARTICLE_VERSION_NOT_PUBLISHED',
      `Article ${article.articleId} has no published version ${version}`,
      { articleId: article.articleId, version },
    );
  const previous = article.votes[voteKey(version, reader.id)] ?? null;
  if (previous !== null && previous.helpful === vote.helpful && previous.comment === vote.comment) return undefined;
  return previous;
}
