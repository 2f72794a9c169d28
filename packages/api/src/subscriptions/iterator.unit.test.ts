import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { changedViews, keeping, precededBy, pushIterator } from './iterator.js';

/** A source the test pushes into, and whether it was let go. */
function source() {
  let push: (value: number) => void = () => {};
  const state = { unsubscribed: false };
  const values = pushIterator<number>((p) => {
    push = p;
    return () => {
      state.unsubscribed = true;
    };
  });
  return { values, push: (value: number) => push(value), state };
}

describe('changedViews', () => {
  it('sends each view once while consecutive values leave it the same, and again once it changes back', async () => {
    const { values, push, state } = source();
    // The view of a value: its parity.
    const views = changedViews(values, async (value) => ({ even: value % 2 === 0 }));
    const first = views.next();
    push(2);
    expect(await first).toEqual({ value: { even: true }, done: false });
    const second = views.next();
    for (const value of [4, 6, 7]) {
      push(value);
      await tick();
    }
    // 4 and 6 left it even: not sent again.
    expect(await second).toEqual({ value: { even: false }, done: false });
    const third = views.next();
    for (const value of [9, 8]) {
      push(value);
      await tick();
    }
    expect(await third).toEqual({ value: { even: true }, done: false });
    // Closed while it waits for the next value: the source is let go at once.
    const waiting = views.next();
    await views.return?.();
    expect(state.unsubscribed).toBe(true);
    expect(await waiting).toEqual({ value: undefined, done: true });
  });

  it('makes one view of the values queued together: the last one’s, the others never read', async () => {
    const { values, push } = source();
    const read: number[] = [];
    const views = changedViews(values, async (value) => {
      read.push(value);
      return { value };
    });
    for (const value of [1, 2, 3, 4]) push(value);
    expect(await views.next()).toEqual({ value: { value: 4 }, done: false });
    const next = views.next();
    push(5);
    expect(await next).toEqual({ value: { value: 5 }, done: false });
    expect(read).toEqual([4, 5]);
  });
});

describe('precededBy', () => {
  it('gives the missed values first, then only the live ones after the last of them, and lets the source go', async () => {
    const { values, push, state } = source();
    const merged = precededBy([3, 4], values, (value, last) => value > last);
    // Live values overlapping the missed ones (the feed's catch-up) come once.
    for (const value of [2, 3, 4, 5]) push(value);
    const seen: number[] = [];
    for (let n = 0; n < 3; n++) seen.push((await merged.next()).value as number);
    expect(seen).toEqual([3, 4, 5]);
    await merged.return?.();
    expect(state.unsubscribed).toBe(true);
  });

  it('gives every live value when nothing was missed', async () => {
    const { values, push } = source();
    const merged = precededBy([], values, () => false);
    push(1);
    expect(await merged.next()).toEqual({ value: 1, done: false });
  });
});

describe('keeping', () => {
  it('asks its filter of each value in order, once, so the filter may keep state', async () => {
    const { values, push, state } = source();
    // Everything up to and including the first 0, nothing after it.
    let ended = false;
    const kept = keeping(values, (value) => {
      if (ended) return false;
      ended = value === 0;
      return true;
    });
    for (const value of [1, 0, 2]) push(value);
    expect(await kept.next()).toEqual({ value: 1, done: false });
    expect(await kept.next()).toEqual({ value: 0, done: false });
    const next = kept.next();
    push(3);
    await tick();
    await kept.return?.();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(state.unsubscribed).toBe(true);
  });
});
