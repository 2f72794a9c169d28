import type { Id } from '../shared/actor.js';
import type { Instant } from '../shared/time.js';
import type { ArticleContent } from './values.js';

/** Where a revision stands: being written, or waiting for a reviewer. */
export type RevisionStatus = 'draft' | 'in_review';

/**
 * The version being written: the first one, or a revision of the live version (`basedOn`). Its
 * `authors` are everyone who started or edited it: none of them may approve it.
 */
export interface ArticleRevision {
  readonly content: ArticleContent;
  readonly status: RevisionStatus;
  readonly authors: readonly Id[];
  readonly basedOn: number | null;
}

/** One approved version, kept forever: readers of an old link, auditors and votes name it. */
export interface PublishedArticleVersion {
  readonly version: number;
  readonly content: ArticleContent;
  readonly authors: readonly Id[];
  readonly reviewerId: Id;
  readonly publishedAt: Instant;
}

/** A reader's vote on one published version. */
export interface ArticleVote {
  readonly helpful: boolean;
  readonly comment: string | null;
}

/**
 * An article (stream `article-<id>`): its locale (fixed: a translation is another article), the
 * versions approved so far and which one is live, the revision in progress, whether it is
 * archived, its translations by locale, and readers' votes by `<version>:<readerId>`.
 */
export interface Article {
  readonly articleId: Id;
  readonly locale: string;
  readonly createdBy: Id;
  readonly revision: ArticleRevision | null;
  readonly versions: readonly PublishedArticleVersion[];
  /** The live version's number; null until the first approval. */
  readonly live: number | null;
  readonly archived: boolean;
  readonly translations: Readonly<Record<string, Id>>;
  readonly votes: Readonly<Record<string, ArticleVote>>;
  /** Number of events applied: the stream version the state was rebuilt at. */
  readonly version: number;
}

/** The state of an article stream: null until its first draft is created. */
export type ArticleState = Article | null;

/** The key of a reader's vote on a version in {@link Article.votes}. */
export function voteKey(version: number, readerId: Id): string {
  return `${version}:${readerId}`;
}

/** The live version, or null when nothing has been approved yet. */
export function liveVersion(article: Article): PublishedArticleVersion | null {
  return article.live === null ? null : (article.versions[article.live - 1] ?? null);
}
