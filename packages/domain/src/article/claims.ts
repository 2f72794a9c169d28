import { slugClaimId } from './slug.js';
import type { ArticleState } from './state.js';

/** A slug in a locale, as the `kbslug` stream `kbslug-<slugClaimId>` claims it. */
export interface SlugKey {
  readonly locale: string;
  readonly slug: string;
}

/** What an article holds on other streams: its slugs (per locale) and its categories. */
export interface ArticleHoldings {
  readonly slugs: readonly SlugKey[];
  readonly categoryIds: readonly string[];
}

/**
 * What the article holds: the slug and category of its live version and of its revision in
 * progress (both, since the live version stays published while a revision may rename or move
 * it). An archived article keeps its holdings, so a restore never finds its slug taken.
 */
export function articleHoldings(state: ArticleState): ArticleHoldings {
  if (state === null) return { slugs: [], categoryIds: [] };
  const contents = [state.live === null ? null : state.versions[state.live - 1]?.content, state.revision?.content];
  const slugs = new Map<string, SlugKey>();
  const categoryIds = new Set<string>();
  for (const content of contents) {
    if (content === null || content === undefined) continue;
    slugs.set(slugClaimId(state.locale, content.slug), { locale: state.locale, slug: content.slug });
    if (content.categoryId !== null) categoryIds.add(content.categoryId);
  }
  return { slugs: [...slugs.values()], categoryIds: [...categoryIds] };
}

/**
 * True when the article holds `key`: what a settler asks of a slug claim whose command may have
 * died before the article recorded the slug (false: release the claim).
 */
export function holdsSlug(state: ArticleState, key: SlugKey): boolean {
  const wanted = slugClaimId(key.locale, key.slug);
  return articleHoldings(state).slugs.some((held) => slugClaimId(held.locale, held.slug) === wanted);
}

/** True when the article holds the category: what a settler asks of a category use (false: release it). */
export function holdsCategory(state: ArticleState, categoryId: string): boolean {
  return articleHoldings(state).categoryIds.includes(categoryId);
}

/** What an article command requires of other streams before its events are appended, and frees after. */
export interface ArticleClaims {
  /** Held after, not before: claim each (`ClaimArticleSlug`, `UseKbCategory`) before appending. */
  readonly take: ArticleHoldings;
  /** Held before, not after: give each back (`ReleaseArticleSlug`, `ReleaseKbCategory`) after appending. */
  readonly release: ArticleHoldings;
}

/**
 * The claims an article command needs, from the article's state before and after its events
 * (docs/knowledge-base.md#slugs-and-categories-across-streams).
 */
export function articleClaims(before: ArticleState, after: ArticleState): ArticleClaims {
  const was = articleHoldings(before);
  const is = articleHoldings(after);
  return { take: difference(is, was), release: difference(was, is) };
}

function difference(a: ArticleHoldings, b: ArticleHoldings): ArticleHoldings {
  const held = new Set(b.slugs.map((key) => slugClaimId(key.locale, key.slug)));
  return {
    slugs: a.slugs.filter((key) => !held.has(slugClaimId(key.locale, key.slug))),
    categoryIds: a.categoryIds.filter((id) => !b.categoryIds.includes(id)),
  };
}
