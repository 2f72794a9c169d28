import { describe, expect, it } from 'vitest';
import { EXPIRED, endingAt } from './expiry.js';
import { pushIterator } from './iterator.js';

/** A source fed by hand, and whether it was closed. */
function source() {
  let push: (value: number) => void = () => {};
  let closed = false;
  const stream = pushIterator<number>((p) => {
    push = p;
    return () => {
      closed = true;
    };
  });
  return { stream, push: (value: number) => push(value), closed: () => closed };
}

describe("a subscription ending at its token's expiry", () => {
  it('passes values on until then, then says it expired once, closes its source and ends', async () => {
    const { stream, push, closed } = source();
    const ending = endingAt(stream, Date.now() + 80);
    push(1);
    expect(await ending.next()).toEqual({ value: 1, done: false });
    // Nothing comes: the expiry ends the wait.
    expect(await ending.next()).toEqual({ value: EXPIRED, done: false });
    expect(closed()).toBe(true);
    push(2);
    expect(await ending.next()).toEqual({ value: undefined, done: true });
  });

  it('says so at once for a token already expired', async () => {
    const { stream, closed } = source();
    const ending = endingAt(stream, Date.now() - 1);
    expect(await ending.next()).toEqual({ value: EXPIRED, done: false });
    expect(closed()).toBe(true);
    expect(await ending.next()).toEqual({ value: undefined, done: true });
  });

  it('closes its source and stops the clock when the client leaves first', async () => {
    const { stream, closed } = source();
    const ending = endingAt(stream, Date.now() + 60_000);
    expect(await ending.return?.()).toEqual({ value: undefined, done: true });
    expect(closed()).toBe(true);
    expect(await ending.next()).toEqual({ value: undefined, done: true });
  });
});
