import { describe, expect, it } from 'vitest';
import { releasingOnEnd, SubscriptionSlots } from './slots.js';

const refusal = (take: () => unknown) => {
  try {
    take();
  } catch (error) {
    return { message: (error as Error).message, extensions: (error as { extensions: unknown }).extensions };
  }
  throw new Error('expected a refusal');
};

describe('SubscriptionSlots', () => {
  it('refuses one more than a connection or a caller may hold, and takes a place back once', () => {
    const slots = new SubscriptionSlots({ perSocket: 2, perCaller: 3 });
    const [first, second] = [{}, {}];
    const held = [slots.take('ana', first), slots.take('ana', first)];
    expect(refusal(() => slots.take('ana', first))).toEqual({
      message: 'At most 2 subscriptions per socket',
      extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2 },
    });
    held.push(slots.take('ana', second));
    expect(refusal(() => slots.take('ana', second))).toEqual({
      message: 'At most 3 subscriptions per caller',
      extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 3 },
    });
    // Another caller has places of their own.
    slots.take('ben', second);
    // Given back twice, a place counts once.
    held[0]!();
    held[0]!();
    slots.take('ana', first);
    expect(refusal(() => slots.take('ana', {})).message).toBe('At most 3 subscriptions per caller');
  });
});

describe('releasingOnEnd', () => {
  it('gives the place back when the stream runs out, and when it is returned', async () => {
    let released = 0;
    const values = async function* () {
      yield 1;
    };
    const ran = releasingOnEnd(values(), () => released++);
    expect(await ran.next()).toEqual({ value: 1, done: false });
    expect(released).toBe(0);
    expect(await ran.next()).toEqual({ value: undefined, done: true });
    expect(released).toBe(1);
    const returned = releasingOnEnd(values(), () => released++);
    await returned.return?.();
    expect(released).toBe(2);
  });
});
