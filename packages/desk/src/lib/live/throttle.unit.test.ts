import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttledRead } from './throttle.ts';

describe('a read asked for by live updates', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads once per burst with its latest token, then at most once per interval however many updates come', () => {
    const reads: (string | undefined)[] = [];
    const { ask } = throttledRead((token) => reads.push(token), { quiet: 150, every: 2_000 });
    ask('a');
    ask('b');
    vi.advanceTimersByTime(150);
    expect(reads).toEqual(['b']);
    // A steady stream of updates, one every 50 ms for 10 s: five more reads, the last token each time.
    for (let n = 0; n < 200; n++) {
      ask(`t${n}`);
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(2_000);
    expect(reads.length).toBeLessThanOrEqual(7);
    expect(reads.length).toBeGreaterThanOrEqual(5);
    expect(reads.at(-1)).toBe('t199');
  });

  it("makes a pending read take the token of the screen's own read, not an older one", () => {
    const reads: (string | undefined)[] = [];
    const { ask, note } = throttledRead((token) => reads.push(token), { quiet: 150, every: 2_000 });
    ask('rename');
    note('reorder');
    vi.advanceTimersByTime(150);
    expect(reads).toEqual(['reorder']);
  });

  it('reads nothing once cancelled', () => {
    const reads: (string | undefined)[] = [];
    const { ask, cancel } = throttledRead((token) => reads.push(token));
    ask('a');
    cancel();
    vi.advanceTimersByTime(5_000);
    expect(reads).toEqual([]);
  });
});
