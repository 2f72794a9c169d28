import { z } from 'zod';
import { Id, type Role } from '../shared/actor.js';
import { mayNot } from '../shared/articles.js';
import {
  ClaimedAtVersion,
  type ExclusiveClaimState,
  exclusiveClaimOutcome,
  FREE_CLAIM,
} from '../shared/claim-fence.js';
import type { CommandContext } from '../shared/context.js';
import { checkingContext, type Decider } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { defineCommand, defineEvent, provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import type { SlugKey } from './claims.js';
import { requireValidSlug } from './slug.js';
import { ArticleLocale, SlugInput } from './values.js';

// One stream per (locale, slug), `kbslug-<locale>:<slug>`: appending a claim at the stream's
// version is what makes two articles racing for one slug see each other.

const claimFields = { locale: ArticleLocale, slug: SlugInput, articleId: Id };

/**
 * Claims `slug` in `locale` for `articleId`, for a command decided at article version
 * `atVersion`; the article claiming it again at a version no newer records nothing.
 */
export const ClaimArticleSlug = defineCommand('ClaimArticleSlug', { ...claimFields, atVersion: ClaimedAtVersion });
/**
 * Gives the slug back, the caller having read the article at `articleVersion` without it; a no-op
 * unless `articleId` holds it and the claim is releasable (see `claimReleasable`).
 */
export const ReleaseArticleSlug = defineCommand('ReleaseArticleSlug', {
  ...claimFields,
  articleVersion: ClaimedAtVersion,
});
/** Every command of a `kbslug` stream. */
export const SlugClaimCommand = z.discriminatedUnion('type', [ClaimArticleSlug, ReleaseArticleSlug]);
export type SlugClaimCommand = z.infer<typeof SlugClaimCommand>;

/** `articleId` holds `slug` in `locale` for a command decided at `atVersion`: no other article in that locale may use it. */
export const ArticleSlugClaimed = defineEvent('ArticleSlugClaimed', { ...claimFields, atVersion: ClaimedAtVersion });
/** `articleId` no longer uses `slug` in `locale`: another article may claim it. */
export const ArticleSlugReleased = defineEvent('ArticleSlugReleased', claimFields);
/** Every event of a `kbslug` stream. */
export const SlugClaimEvent = z.discriminatedUnion('type', [ArticleSlugClaimed, ArticleSlugReleased]);
export type SlugClaimEvent = z.infer<typeof SlugClaimEvent>;
/** The `kbslug` streams' event types, for the event schema registry. */
export const SLUG_CLAIM_EVENT_TYPES = SlugClaimEvent.options.map((option) => option.shape.type.value);

/** Which article holds the stream's slug (null: free), and its claim. */
export type SlugClaimState = ExclusiveClaimState;

// Writers claim through their article commands; the system finishes or undoes claims a crashed
// handler left behind.
const CLAIMERS: readonly Role[] = ['agent', 'supervisor', 'admin', 'system'];

/**
 * Decides a slug claim: `ARTICLE_SLUG_TAKEN` when another article holds the slug; the holder's
 * claim is recorded again only for a newer article version (which fences releases, see
 * `exclusiveClaimOutcome`); a release of a claim not held, or not yet releasable, records nothing.
 */
export function decideSlugClaim(input: SlugClaimCommand, state: SlugClaimState, context: CommandContext) {
  const command = parseOrThrow(SlugClaimCommand, input, 'slug claim command');
  if (!CLAIMERS.includes(context.actor.role))
    throw new DomainError('FORBIDDEN', mayNot(context.actor.role, command.type), { role: context.actor.role });
  const { locale, slug, articleId } = command.data;
  requireValidSlug(slug);
  const data = { ...provenance(context), locale, slug, articleId };
  if (command.type === 'ReleaseArticleSlug') {
    const request = { kind: 'release', holder: articleId, holderVersion: command.data.articleVersion } as const;
    return exclusiveClaimOutcome(state, request, context.now) === 'record'
      ? [{ type: 'ArticleSlugReleased' as const, data }]
      : [];
  }
  const { atVersion } = command.data;
  const outcome = exclusiveClaimOutcome(state, { kind: 'claim', holder: articleId, atVersion }, context.now);
  if (outcome === 'taken') throw slugTakenError({ locale, slug }, state.holder ?? '');
  return outcome === 'record' ? [{ type: 'ArticleSlugClaimed' as const, data: { ...data, atVersion } }] : [];
}

/** The refusal of a slug another article holds in the locale. */
export function slugTakenError(key: SlugKey, holder: string): DomainError {
  const { locale, slug } = key;
  return new DomainError('ARTICLE_SLUG_TAKEN', `Slug "${slug}" is already used by article ${holder} in ${locale}`, {
    locale,
    slug,
    articleId: holder,
  });
}

/** The claim on one (locale, slug): stream `kbslug-<slugClaimId(locale, slug)>`. */
export const slugClaimDecider: Decider<SlugClaimCommand, SlugClaimEvent, SlugClaimState> = checkingContext<
  SlugClaimCommand,
  SlugClaimEvent,
  SlugClaimState
>({
  initialState: FREE_CLAIM,
  decide: decideSlugClaim,
  evolve: (_state, event) =>
    event.type === 'ArticleSlugClaimed'
      ? { holder: event.data.articleId, claim: { atVersion: event.data.atVersion, claimedAt: event.data.at } }
      : FREE_CLAIM,
});
