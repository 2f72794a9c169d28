import { z } from 'zod';
import { Id, type Role } from '../shared/actor.js';
import { mayNot } from '../shared/articles.js';
import type { CommandContext } from '../shared/context.js';
import type { Decider } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { defineCommand, defineEvent, provenance } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { requireValidSlug } from './slug.js';
import { ArticleLocale, SlugInput } from './values.js';

// One stream per (locale, slug), `kbslug-<locale>:<slug>`: appending a claim at the stream's
// version is what makes two articles racing for one slug see each other.

const claimFields = { locale: ArticleLocale, slug: SlugInput, articleId: Id };

/** Claims `slug` in `locale` for `articleId`; claiming one the article holds already is a no-op. */
export const ClaimArticleSlug = defineCommand('ClaimArticleSlug', claimFields);
/** Gives the slug back; a no-op unless `articleId` holds it. */
export const ReleaseArticleSlug = defineCommand('ReleaseArticleSlug', claimFields);
/** Every command of a `kbslug` stream. */
export const SlugClaimCommand = z.discriminatedUnion('type', [ClaimArticleSlug, ReleaseArticleSlug]);
export type SlugClaimCommand = z.infer<typeof SlugClaimCommand>;

/** `articleId` holds `slug` in `locale`: no other article in that locale may use it. */
export const ArticleSlugClaimed = defineEvent('ArticleSlugClaimed', claimFields);
/** `articleId` no longer uses `slug` in `locale`: another article may claim it. */
export const ArticleSlugReleased = defineEvent('ArticleSlugReleased', claimFields);
/** Every event of a `kbslug` stream. */
export const SlugClaimEvent = z.discriminatedUnion('type', [ArticleSlugClaimed, ArticleSlugReleased]);
export type SlugClaimEvent = z.infer<typeof SlugClaimEvent>;
/** The `kbslug` streams' event types, for the event schema registry. */
export const SLUG_CLAIM_EVENT_TYPES = SlugClaimEvent.options.map((option) => option.shape.type.value);

/** Which article holds the stream's slug (null: free). */
export interface SlugClaimState {
  readonly holder: string | null;
}

// Writers claim through their article commands; the system finishes or undoes claims a crashed
// handler left behind.
const CLAIMERS: readonly Role[] = ['agent', 'supervisor', 'admin', 'system'];

/**
 * Decides a slug claim: `ARTICLE_SLUG_TAKEN` when another article holds the slug, nothing when
 * the article already holds it (or releases one it does not hold).
 */
export function decideSlugClaim(input: SlugClaimCommand, state: SlugClaimState, context: CommandContext) {
  const command = parseOrThrow(SlugClaimCommand, input, 'slug claim command');
  if (!CLAIMERS.includes(context.actor.role))
    throw new DomainError('FORBIDDEN', mayNot(context.actor.role, command.type), { role: context.actor.role });
  const { locale, slug, articleId } = command.data;
  requireValidSlug(slug);
  const data = { ...provenance(context), locale, slug, articleId };
  if (command.type === 'ReleaseArticleSlug')
    return state.holder === articleId ? [{ type: 'ArticleSlugReleased' as const, data }] : [];
  if (state.holder === articleId) return [];
  if (state.holder !== null)
    throw new DomainError(
      'ARTICLE_SLUG_TAKEN',
      `Slug "${slug}" is already used by article ${state.holder} in ${locale}`,
      {
        locale,
        slug,
        articleId: state.holder,
      },
    );
  return [{ type: 'ArticleSlugClaimed' as const, data }];
}

/** The claim on one (locale, slug): stream `kbslug-<slugClaimId(locale, slug)>`. */
export const slugClaimDecider: Decider<SlugClaimCommand, SlugClaimEvent, SlugClaimState> = {
  initialState: { holder: null },
  decide: decideSlugClaim,
  evolve: (_state, event) => ({ holder: event.type === 'ArticleSlugClaimed' ? event.data.articleId : null }),
};
