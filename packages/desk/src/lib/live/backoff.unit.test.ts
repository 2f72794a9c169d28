import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff.ts';

describe('the wait before connecting again', () => {
  it('doubles from half a second up to eight, spread by a quarter either way', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((attempt) => retryDelay(attempt, 0.5))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
    expect(retryDelay(0, 0)).toBe(375);
    expect(retryDelay(4, 0.999_999)).toBeCloseTo(10_000, 0);
  });
});
