import { describe, expect, it } from 'vitest';
import { changedViews, pushIterator } from './iterator.js';

describe('changedViews', () => {
  it('sends each view once while consecutive values leave it the same, and again once it changes back', async () => {
    let push: (value: number) => void = () => {};
    let unsubscribed = false;
    const source = pushIterator<number>((p) => {
      push = p;
      return () => {
        unsubscribed = true;
      };
    });
    // The view of a value: its parity.
    const views = changedViews(source, async (value) => ({ even: value % 2 === 0 }));
    for (const value of [2, 4, 6, 7, 9, 8]) push(value);
    expect(await views.next()).toEqual({ value: { even: true }, done: false });
    expect(await views.next()).toEqual({ value: { even: false }, done: false });
    expect(await views.next()).toEqual({ value: { even: true }, done: false });
    // Closed while it waits for the next value: the source is let go at once.
    const waiting = views.next();
    await views.return?.();
    expect(unsubscribed).toBe(true);
    expect(await waiting).toEqual({ value: undefined, done: true });
  });
});
