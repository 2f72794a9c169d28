import { describe, expect, it } from 'vitest';
import { blockRange } from './range.ts';

const range = (startIndex: number, endIndex: number, count = 1000) => ({ startIndex, endIndex, overscan: 8, count });

describe('blockRange', () => {
  it('draws the rows in view and the overscan, in whole blocks', () => {
    for (let start = 0; start < 100; start++) {
      const drawn = blockRange(range(start, start + 19), 10);
      expect(drawn[0]! % 10).toBe(0);
      expect(drawn.length % 10).toBe(0);
      expect(drawn[0]).toBeLessThanOrEqual(Math.max(0, start - 8));
      expect(drawn.at(-1)).toBeGreaterThanOrEqual(start + 19 + 8);
      expect(drawn).toEqual(Array.from({ length: drawn.length }, (_, n) => drawn[0]! + n));
    }
  });

  it('draws the same rows while the view moves within a block, and changes them once a block', () => {
    const at = (start: number) => blockRange(range(start, start + 19), 10).join();
    const changes = Array.from({ length: 100 }, (_, start) => start).filter(
      (start) => start > 0 && at(start) !== at(start - 1),
    );
    expect(changes).toEqual([18, 28, 38, 48, 58, 68, 78, 88, 98]);
  });

  it('stays within the list', () => {
    expect(blockRange(range(0, 19, 25), 10)).toEqual(Array.from({ length: 25 }, (_, n) => n));
    expect(blockRange(range(0, 0, 0), 10)).toEqual([]);
  });
});
