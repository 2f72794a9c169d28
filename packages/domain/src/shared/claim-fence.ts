import { z } from 'zod';

// A command that needs something unique held on another stream (an article's slug, a customer's
// email) claims it there before it appends to its own stream at exactly the version it was decided
// at. A claim therefore records that version: once the holder's stream has moved past it, that
// command can never append any more, so giving the claim back cannot strand a command still in
// flight. A claim whose command died with the holder left at that version is given back once its
// lease lapses.

/** The holder's stream version a claim's command was decided at (0: the holder did not exist yet). */
export const ClaimedAtVersion = z.int().nonnegative();

/** How long a claim protects a command that has not yet appended: far longer than any command runs. */
export const CLAIM_LEASE_MS = 5 * 60_000;

/** What a claim stream remembers of a holder's claim. */
export interface HolderClaim {
  /** The highest holder version a command claiming it was decided at. */
  readonly atVersion: number;
  /** When that claim was recorded (ISO 8601). */
  readonly claimedAt: string;
}

/** True when a claim by a command decided at `atVersion` must be recorded: none yet, or an older one. */
export function claimIsNewer(current: HolderClaim | null | undefined, atVersion: number): boolean {
  return current === null || current === undefined || atVersion > current.atVersion;
}

/**
 * True when a claim may be given back, the caller having checked that the holder at
 * `holderVersion` does not hold it: every command that relied on it was decided at an older
 * version (so it can no longer append), or the claim's lease has lapsed.
 */
export function claimReleasable(claim: HolderClaim, holderVersion: number, now: Date): boolean {
  return holderVersion > claim.atVersion || now.getTime() - Date.parse(claim.claimedAt) >= CLAIM_LEASE_MS;
}

/** A stream holding one unique value: who holds it (null: free), and their claim. */
export interface ExclusiveClaimState {
  readonly holder: string | null;
  readonly claim: HolderClaim | null;
}

/** An exclusive claim stream before its first event: free. */
export const FREE_CLAIM: ExclusiveClaimState = { holder: null, claim: null };

/** A claim by `holder` for a command decided at `atVersion`, or a release by `holder`, read at `holderVersion`. */
export type ClaimRequest =
  | { readonly kind: 'claim'; readonly holder: string; readonly atVersion: number }
  | { readonly kind: 'release'; readonly holder: string; readonly holderVersion: number };

/**
 * What an exclusive claim stream records for `request`: `taken` when another holds the value (the
 * caller's refusal), `record` a claim (free, or the holder's own from a newer version: it fences
 * releases) or a release (held by `holder`, releasable), `nothing` otherwise (a repeat, a release
 * of what is not held or not yet releasable).
 */
export function exclusiveClaimOutcome(
  state: ExclusiveClaimState,
  request: ClaimRequest,
  now: Date,
): 'record' | 'nothing' | 'taken' {
  const mine = state.holder === request.holder;
  if (request.kind === 'release')
    return mine && state.claim !== null && claimReleasable(state.claim, request.holderVersion, now)
      ? 'record'
      : 'nothing';
  if (mine) return claimIsNewer(state.claim, request.atVersion) ? 'record' : 'nothing';
  return state.holder === null ? 'record' : 'taken';
}
