import { HOUR_MS, MINUTE_MS } from '../shared/time.js';

/**
 * How a failed delivery is retried: exponential backoff from `baseMs`, each wait capped at
 * `capMs`, until `giveUpAfterMs` after the first attempt; past that the delivery is dead-lettered.
 */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  readonly giveUpAfterMs: number;
}

/** Webhooks: 5 s, 10 s, 20 s… capped at 1 h, for 24 h. */
export const WEBHOOK_RETRY: RetryPolicy = { baseMs: 5_000, capMs: HOUR_MS, giveUpAfterMs: 24 * HOUR_MS };

/** Email and push: 10 s, 20 s, 40 s… capped at 30 min, for 24 h. */
export const MESSAGE_RETRY: RetryPolicy = { baseMs: 10_000, capMs: 30 * MINUTE_MS, giveUpAfterMs: 24 * HOUR_MS };

/** The jitter multiplies each wait by a factor in [0.8, 1.2], so failed deliveries do not retry in step. */
const JITTER_LOW = 0.8;
const JITTER_SPAN = 0.4;

/**
 * When to try a delivery again after its `attempts`-th failed attempt (1 after the first), or
 * `null` when that time would fall past `firstAttemptAt + giveUpAfterMs`: the delivery is dead.
 * The wait is `baseMs * 2^(attempts-1)`, capped at `capMs`, times `0.8 + 0.4 * random`;
 * `random` is the caller's draw in [0, 1) (clamped; not a number counts as 0.5), which keeps this
 * function pure.
 */
export function nextAttemptAt(
  policy: RetryPolicy,
  attempts: number,
  firstAttemptAt: Date,
  now: Date,
  random: number,
): Date | null {
  const exponent = Math.max(0, Math.floor(attempts) - 1);
  const backoff = Math.min(policy.baseMs * 2 ** exponent, policy.capMs);
  // A draw that is not a number is taken as the middle: the wait is still a valid, bounded time.
  const draw = Number.isFinite(random) ? Math.min(1, Math.max(0, random)) : 0.5;
  const jitter = JITTER_LOW + JITTER_SPAN * draw;
  const next = now.getTime() + Math.round(backoff * jitter);
  return next > firstAttemptAt.getTime() + policy.giveUpAfterMs ? null : new Date(next);
}
