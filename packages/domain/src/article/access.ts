import type { Actor, Role } from '../shared/actor.js';
import { mayNot } from '../shared/articles.js';
import { DomainError } from '../shared/errors.js';
import type { ArticleCommand } from './commands.js';

const WRITERS: readonly Role[] = ['agent', 'supervisor', 'admin'];
const REVIEWERS: readonly Role[] = ['supervisor', 'admin'];
const READERS: readonly Role[] = ['customer', 'agent', 'supervisor', 'admin'];

/**
 * The roles that may issue each article command: agents (and above) write, supervisors and admins
 * approve, send back, archive and restore, and any reader votes. Auditors and the automation
 * issue nothing: a knowledge-base change always has a person behind it.
 */
export const ARTICLE_COMMAND_ROLES: Readonly<Record<ArticleCommand['type'], readonly Role[]>> = {
  CreateArticleDraft: WRITERS,
  EditArticleDraft: WRITERS,
  SubmitArticleForReview: WRITERS,
  StartArticleRevision: WRITERS,
  RestoreArticleVersion: WRITERS,
  DiscardArticleRevision: WRITERS,
  LinkArticleTranslation: WRITERS,
  UnlinkArticleTranslation: WRITERS,
  ApproveArticle: REVIEWERS,
  RequestArticleChanges: REVIEWERS,
  ArchiveArticle: REVIEWERS,
  RestoreArticle: REVIEWERS,
  VoteOnArticle: READERS,
};

/**
 * Whether the role reads articles' working text, drafts and versions never published included,
 * and so may know an article exists before it is published: staff and auditors. Customers (and
 * visitors of a public help center, who read as customers) see published versions only, and an
 * article never published is, to them, one that does not exist.
 */
export function readsDrafts(role: Role): boolean {
  return role !== 'customer';
}

/** Throws `FORBIDDEN` unless the actor's role may issue this article command. */
export function authorizeArticleCommand(type: ArticleCommand['type'], actor: Actor): void {
  if (ARTICLE_COMMAND_ROLES[type].includes(actor.role)) return;
  throw new DomainError('FORBIDDEN', mayNot(actor.role, type), { role: actor.role, command: type });
}
