import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../errors.js';
import { decodeCursor, encodeCursor, pageSize, toPage } from './cursor.js';

describe('keyset cursors', () => {
  it('round-trip any instant and id', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), fc.string(), (at, id) => {
        const cursor = encodeCursor({ at, id });
        expect(cursor).toMatch(/^k1\.[A-Za-z0-9_-]*$/);
        expect(decodeCursor(cursor)).toEqual({ at, id });
      }),
    );
  });

  it('refuse anything they did not make', () => {
    for (const bad of ['', 'k1.', 'k2.abc', `k1.${Buffer.from('[1,2]').toString('base64url')}`, 'k1.!!!']) {
      expect(() => decodeCursor(bad)).toThrow(InvalidCursorError);
    }
  });

  it('clamp the page size and only point to a next page when one exists', () => {
    expect([pageSize(undefined), pageSize(0), pageSize(1000), pageSize(7.9)]).toEqual([20, 1, 100, 7]);
    const rows = [1, 2, 3].map((n) => ({ at: new Date(n), id: `r${n}` }));
    const keyset = (row: { at: Date; id: string }) => row;
    expect(toPage(rows, 3, keyset, (r) => r.id)).toEqual({ items: ['r1', 'r2', 'r3'], nextCursor: null });
    const page = toPage(rows, 2, keyset, (r) => r.id);
    expect(page.items).toEqual(['r1', 'r2']);
    expect(decodeCursor(page.nextCursor!)).toEqual({ at: new Date(2), id: 'r2' });
  });
});
