import { DomainError } from '../shared/errors.js';

// Lower-case letters and digits of any script (letters without case, modifiers and combining
// marks included: Japanese, Hindi), in words joined by single hyphens.
const WORD = String.raw`[\p{Ll}\p{Lo}\p{Lm}\p{Nd}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}]*`;
const SLUG = new RegExp(`^${WORD}(?:-${WORD})*$`, 'u');

/** The longest slug: it ends up in URLs. */
export const MAX_SLUG_LENGTH = 120;

/**
 * Refuses a slug that is not lower-case words joined by single hyphens, or longer than
 * {@link MAX_SLUG_LENGTH} (`ARTICLE_SLUG_INVALID`). Upper case is refused rather than folded,
 * so the slug a writer typed is the one a reader's URL carries; so is a slug not in Unicode's
 * compatibility-composed form (NFKC), which would look like another article's ("é" as "e" and a
 * combining accent, the ligature "ﬁ" for "fi").
 */
export function requireValidSlug(slug: string): void {
  if (slug.length <= MAX_SLUG_LENGTH && SLUG.test(slug) && slug.normalize('NFKC') === slug) return;
  throw new DomainError(
    'ARTICLE_SLUG_INVALID',
    `Slug "${slug}" must be lower-case letters and digits joined by single hyphens, at most ${MAX_SLUG_LENGTH} characters, in NFKC form`,
    { slug },
  );
}

/**
 * The id of the `kbslug` stream that holds the claim on `slug` in `locale`. Locales compare
 * case-insensitively (`pt-BR` and `pt-br` are one language), slugs are already lower-case.
 */
export function slugClaimId(locale: string, slug: string): string {
  return `${locale.toLowerCase()}:${slug}`;
}
