import { checkingContext, type Decider } from '../shared/decider.js';
import type { ArticleCommand } from './commands.js';
import { decideArticle } from './decide.js';
import type { ArticleEvent } from './events.js';
import { evolveArticle } from './evolve.js';
import type { ArticleState } from './state.js';

export { ARTICLE_COMMAND_ROLES, authorizeArticleCommand, readsDrafts } from './access.js';
export { helpCenterArticleAddress } from './address.js';
export * from './claims.js';
export * from './commands.js';
export { decideArticle } from './decide.js';
export * from './events.js';
export { evolveArticle } from './evolve.js';
export { type ArticleStatus, articleStatus } from './lifecycle.js';
export * from './self-service.js';
export { MAX_SLUG_LENGTH, requireValidSlug, slugClaimId } from './slug.js';
export * from './slug-claim.js';
export * from './state.js';
export { requireTranslationTarget, sameLocale, translationIn } from './translations.js';
export * from './values.js';
export * from './views.js';

/**
 * An article (stream `article-<id>`): drafts, review, approved versions, archiving,
 * translations and readers' votes (docs/knowledge-base.md#articles-lifecycle-versions-and-approval).
 */
export const articleDecider: Decider<ArticleCommand, ArticleEvent, ArticleState> = checkingContext<
  ArticleCommand,
  ArticleEvent,
  ArticleState
>({
  initialState: null,
  decide: decideArticle,
  evolve: evolveArticle,
});
export * from './visitors.js';
