import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../shared/time.js';
import { MESSAGE_RETRY, nextAttemptAt, type RetryPolicy, WEBHOOK_RETRY } from './retry.js';

const FIRST = new Date('2026-01-05T10:00:00.000Z');
const later = (ms: number) => new Date(FIRST.getTime() + ms);
/** The wait before the next attempt, in ms, or null (dead-letter). */
const wait = (policy: RetryPolicy, attempts: number, now: Date, random: number) => {
  const next = nextAttemptAt(policy, attempts, FIRST, now, random);
  return next === null ? null : next.getTime() - now.getTime();
};

const policyArb = fc.constantFrom(WEBHOOK_RETRY, MESSAGE_RETRY);
const randomArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('nextAttemptAt', () => {
  it('doubles the wait from the base, then caps it (no jitter at random 0.5)', () => {
    expect([1, 2, 3, 4].map((n) => wait(WEBHOOK_RETRY, n, FIRST, 0.5))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(wait(WEBHOOK_RETRY, 20, FIRST, 0.5)).toBe(HOUR_MS);
    expect([1, 2].map((n) => wait(MESSAGE_RETRY, n, FIRST, 0.5))).toEqual([10_000, 20_000]);
    expect(wait(MESSAGE_RETRY, 20, FIRST, 0.5)).toBe(30 * MINUTE_MS);
  });

  it('spreads the wait from 80 % to 120 %', () => {
    expect(wait(WEBHOOK_RETRY, 1, FIRST, 0)).toBe(4_000);
    expect(wait(WEBHOOK_RETRY, 1, FIRST, 0.999_999)).toBe(6_000);
  });

  it('takes a draw outside [0, 1) as its nearest bound, and one that is not a number as the middle', () => {
    expect(wait(WEBHOOK_RETRY, 1, FIRST, -3)).toBe(4_000);
    expect(wait(WEBHOOK_RETRY, 1, FIRST, 7)).toBe(6_000);
    expect(wait(WEBHOOK_RETRY, 1, FIRST, Number.NaN)).toBe(5_000);
  });

  it('gives up once the next attempt would fall past 24 hours after the first', () => {
    expect(nextAttemptAt(WEBHOOK_RETRY, 30, FIRST, later(23 * HOUR_MS), 0.5)).toEqual(later(24 * HOUR_MS));
    expect(nextAttemptAt(WEBHOOK_RETRY, 30, FIRST, later(23 * HOUR_MS + 1), 0.5)).toBeNull();
    expect(nextAttemptAt(MESSAGE_RETRY, 30, FIRST, later(24 * HOUR_MS - 10 * MINUTE_MS), 0.5)).toBeNull();
  });

  it('never schedules past the give-up bound', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 1, max: 60 }),
        fc.nat(2 * 24 * HOUR_MS),
        randomArb,
        (policy, n, elapsed, r) => {
          const next = nextAttemptAt(policy, n, FIRST, later(elapsed), r);
          if (next !== null) expect(next.getTime()).toBeLessThanOrEqual(FIRST.getTime() + policy.giveUpAfterMs);
          // Dead only when even the longest jittered wait from now runs past the bound.
          else
            expect(elapsed + 1.2 * Math.min(policy.baseMs * 2 ** (n - 1), policy.capMs)).toBeGreaterThan(
              policy.giveUpAfterMs,
            );
        },
      ),
    );
  });

  it('waits longer after more failures, until the cap', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 40 }), randomArb, (policy, n, r) => {
        const [before, after] = [wait(policy, n, FIRST, r), wait(policy, n + 1, FIRST, r)];
        expect(before).not.toBeNull();
        expect(after).toBeGreaterThanOrEqual(before as number);
        if (policy.baseMs * 2 ** n <= policy.capMs) expect(after).toBeGreaterThan(before as number);
      }),
    );
  });

  it('keeps the jitter within ±20 % of the capped backoff', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 40 }), randomArb, (policy, n, r) => {
        const backoff = Math.min(policy.baseMs * 2 ** (n - 1), policy.capMs);
        const waited = wait(policy, n, FIRST, r) as number;
        expect(waited).toBeGreaterThanOrEqual(Math.floor(backoff * 0.8));
        expect(waited).toBeLessThanOrEqual(Math.ceil(backoff * 1.2));
      }),
    );
  });
});
