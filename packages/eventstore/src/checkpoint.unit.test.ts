import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCheckpoints, decodeCheckpoint, encodeCheckpoint, START } from './checkpoint.js';

const checkpoint = fc.record({
  transactionId: fc.bigInt({ min: 0n, max: 2n ** 64n }),
  globalPosition: fc.bigInt({ min: 0n, max: 2n ** 63n }),
});

describe('checkpoints', () => {
  it('orders by transaction id first, then by global position', () => {
    expect(
      compareCheckpoints({ transactionId: 1n, globalPosition: 9n }, { transactionId: 2n, globalPosition: 1n }),
    ).toBe(-1);
    expect(
      compareCheckpoints({ transactionId: 2n, globalPosition: 1n }, { transactionId: 2n, globalPosition: 3n }),
    ).toBe(-1);
    expect(
      compareCheckpoints({ transactionId: 2n, globalPosition: 3n }, { transactionId: 2n, globalPosition: 3n }),
    ).toBe(0);
    expect(
      compareCheckpoints({ transactionId: 3n, globalPosition: 0n }, { transactionId: 2n, globalPosition: 7n }),
    ).toBe(1);
  });

  it('puts START before every other checkpoint', () => {
    fc.assert(
      fc.property(checkpoint, (c) => {
        expect(compareCheckpoints(START, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('round-trips through the token, preserving order', () => {
    fc.assert(
      fc.property(checkpoint, checkpoint, (a, b) => {
        expect(decodeCheckpoint(encodeCheckpoint(a))).toEqual(a);
        expect(compareCheckpoints(decodeCheckpoint(encodeCheckpoint(a)), b)).toBe(compareCheckpoints(a, b));
      }),
    );
  });

  it.each(['', 'c1.', 'c1.1', 'c2.1.1', 'c1.-1.2', 'c1.1.2.3', 'c1.A.1', ' c1.1.1'])(
    'refuses the token %j',
    (token) => {
      expect(() => decodeCheckpoint(token)).toThrow(expect.objectContaining({ code: 'INVALID_CHECKPOINT' }));
    },
  );
});
