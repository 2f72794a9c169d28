import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignalThrottle } from './throttle.js';

let relayed: string[];
let errors: unknown[];
let throttle: SignalThrottle<string>;

beforeEach(() => {
  vi.useFakeTimers();
  relayed = [];
  errors = [];
  throttle = new SignalThrottle(
    async (value) => {
      if (value === 'broken') throw new Error('notify failed');
      relayed.push(value);
    },
    (error) => errors.push(error),
    () => Date.now(),
  );
});
afterEach(() => {
  throttle.close();
  vi.useRealTimers();
});

describe('SignalThrottle', () => {
  it('relays the first at once, holds back the rest and relays the latest when the interval ends', async () => {
    expect(await throttle.offer('k', 2_000, 'a')).toBe(true);
    vi.advanceTimersByTime(500);
    expect(await throttle.offer('k', 2_000, 'b')).toBe(false);
    expect(await throttle.offer('k', 2_000, 'c')).toBe(false);
    expect(relayed).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1_499);
    expect(relayed).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(relayed).toEqual(['a', 'c']);
    // The held-back relay opened a new interval: another signal now waits for its end.
    expect(await throttle.offer('k', 2_000, 'd')).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(relayed).toEqual(['a', 'c', 'd']);
  });

  it('forgets a key whose interval ended with nothing held, and relays its next one at once', async () => {
    expect(await throttle.offer('k', 1_000, 'a')).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(vi.getTimerCount()).toBe(0);
    expect(await throttle.offer('k', 1_000, 'b')).toBe(true);
    expect(relayed).toEqual(['a', 'b']);
  });

  it('limits each key on its own', async () => {
    expect(await throttle.offer('typing', 2_000, 'a')).toBe(true);
    expect(await throttle.offer('read', 2_000, 'b')).toBe(true);
    expect(await throttle.offer('typing', 2_000, 'c')).toBe(false);
    expect(relayed).toEqual(['a', 'b']);
  });

  it('relays every value with an interval of 0', async () => {
    for (const value of ['a', 'b', 'c']) expect(await throttle.offer('k', 0, value)).toBe(true);
    expect(relayed).toEqual(['a', 'b', 'c']);
  });

  it('reports a held-back relay that fails, and tells the caller of one that fails at once', async () => {
    await expect(throttle.offer('k', 1_000, 'broken')).rejects.toThrow('notify failed');
    expect(await throttle.offer('k', 1_000, 'broken')).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual([new Error('notify failed')]);
  });

  it('drops what is held back on close', async () => {
    await throttle.offer('k', 1_000, 'a');
    await throttle.offer('k', 1_000, 'b');
    throttle.close();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(relayed).toEqual(['a']);
  });
});
