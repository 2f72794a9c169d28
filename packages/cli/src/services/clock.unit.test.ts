import { afterEach, describe, expect, it, vi } from 'vitest';
import { anchoredClock } from './clock.js';

// The clock a process decides at follows its reference (the database's time), not the host's
// wall clock, and never answers earlier than it has.

afterEach(() => {
  vi.useRealTimers();
});

describe('the anchored clock', () => {
  it("tells the reference's time once read, though the host's wall clock jumped, and never goes back", async () => {
    const reference = Date.now();
    // The host's wall clock two hours ahead; the monotonic clock (performance.now) is untouched.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(reference + 2 * 3_600_000);
    let answer = new Date(reference);
    const clock = anchoredClock(async () => answer, 60_000);
    try {
      // Before a first read, the wall clock stands in.
      expect(clock.now().getTime()).toBeGreaterThan(reference + 3_600_000);
      await clock.sync();
      const told = clock.now().getTime();
      expect(Math.abs(told - reference)).toBeLessThan(1_000);

      // A later read 5 s earlier than time already told: the clock holds, it does not go back.
      answer = new Date(told - 5_000);
      await clock.sync();
      expect(clock.now().getTime()).toBeGreaterThanOrEqual(told);

      // A read that fails keeps the anchor it had.
      const failing = anchoredClock(() => Promise.reject(new Error('database down')), 60_000);
      await expect(failing.sync()).rejects.toThrow('database down');
      expect(failing.now().getTime()).toBeGreaterThan(reference + 3_600_000);
      failing.stop();
    } finally {
      clock.stop();
    }
  });
});
