import { z } from 'zod';

// An article command claims what it needs on other streams (a slug, a category) before it appends
// to the article at exactly the version it was decided at. A claim therefore records that version:
// once the article has moved past it, that command can never append any more, so giving the claim
// back cannot strand a command still in flight. A claim whose command died with the article left
// at that version is given back once its lease lapses.

/** The article stream version a claim's command was decided at (0: the article did not exist yet). */
export const ClaimedAtVersion = z.int().nonnegative();

/** How long a claim protects a command that has not yet appended: far longer than any command runs. */
export const ARTICLE_CLAIM_LEASE_MS = 5 * 60_000;

/** What a claim stream remembers of an article's claim. */
export interface ArticleClaim {
  /** The highest article version a command claiming it was decided at. */
  readonly atVersion: number;
  /** When that claim was recorded (ISO 8601). */
  readonly claimedAt: string;
}

/** True when a claim by a command decided at `atVersion` must be recorded: none yet, or an older one. */
export function claimIsNewer(current: ArticleClaim | null | undefined, atVersion: number): boolean {
  return current === null || current === undefined || atVersion > current.atVersion;
}

/**
 * True when a claim may be given back, the caller having checked that the article at
 * `articleVersion` does not hold it: every command that relied on it was decided at an older
 * version (so it can no longer append), or the claim's lease has lapsed.
 */
export function claimReleasable(claim: ArticleClaim, articleVersion: number, now: Date): boolean {
  return articleVersion > claim.atVersion || now.getTime() - Date.parse(claim.claimedAt) >= ARTICLE_CLAIM_LEASE_MS;
}
