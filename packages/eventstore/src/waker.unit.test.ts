import { describe, expect, it } from 'vitest';
import { Waker } from './waker.js';

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  return done;
};

describe('Waker', () => {
  it('wakes a waiter on notify', async () => {
    const waker = new Waker();
    const wait = waker.wait(waker.generation, 60_000, new AbortController().signal);
    expect(await settled(wait)).toBe(false);
    waker.notify();
    expect(await settled(wait)).toBe(true);
  });

  it('does not lose a notification that arrived before the wait began', async () => {
    const waker = new Waker();
    const seen = waker.generation;
    waker.notify(); // e.g. an append while the reader was busy reading
    expect(await settled(waker.wait(seen, 60_000, new AbortController().signal))).toBe(true);
  });

  it('times out (the polling fallback) and stops waiting on abort', async () => {
    const waker = new Waker();
    expect(await settled(waker.wait(waker.generation, 1, new AbortController().signal))).toBe(true);
    const controller = new AbortController();
    const wait = waker.wait(waker.generation, 60_000, controller.signal);
    controller.abort();
    expect(await settled(wait)).toBe(true);
  });
});
