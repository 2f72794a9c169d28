import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CURSOR_PREFIX,
  decodeCursor,
  decodeRankedCursor,
  encodeCursor,
  encodeRankedCursor,
  InvalidCursorError,
  InvalidPageSizeError,
  pageSize,
  toPage,
} from './paging.js';

const TICKETS = CURSOR_PREFIX.tickets;

describe('keyset cursors', () => {
  it('round-trip any instant of years 1 to 9999 and any id', () => {
    const years = { min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z') };
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true, ...years }), fc.string(), (at, id) => {
        const cursor = encodeCursor({ at, id }, TICKETS);
        expect(cursor).toMatch(/^t1\.[A-Za-z0-9_-]*$/);
        expect(decodeCursor(cursor, TICKETS)).toEqual({ at, id });
      }),
    );
  });

  it('refuse anything they did not make', () => {
    // The last two name no row there can be: an id with a NUL (PostgreSQL text cannot hold one),
    // an instant before year 1.
    const nul = encodeCursor({ at: new Date(0), id: 'a\u0000' }, TICKETS);
    const ancient = encodeCursor({ at: new Date('-004713-11-23T23:59:59.999Z'), id: 'a' }, TICKETS);
    const made = ['', 't1.', 't2.abc', `t1.${Buffer.from('[1,2]').toString('base64url')}`, 't1.!!!'];
    for (const bad of [...made, nul, ancient]) {
      expect(() => decodeCursor(bad, TICKETS)).toThrow(InvalidCursorError);
    }
  });

  it('are good only for the listing that handed them out', () => {
    const prefixes = Object.values(CURSOR_PREFIX);
    // No prefix is another's, nor begins another's (the transcript search appends a digest to its own).
    for (const a of prefixes) for (const b of prefixes) if (a !== b) expect(b.startsWith(a)).toBe(false);
    const keyset = { at: new Date('2026-03-03T09:00:00.000Z'), id: 'x' };
    for (const a of prefixes) {
      for (const b of prefixes) {
        const read = () => decodeCursor(encodeCursor(keyset, a), b);
        if (a === b) expect(read()).toEqual(keyset);
        else expect(read).toThrow(InvalidCursorError);
      }
    }
  });

  it('with a rank first, round-trip any rank, instant and id, and refuse one without a rank or of another listing', () => {
    const BY_PRIORITY = CURSOR_PREFIX.ticketsByPriority;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.date({
          noInvalidDate: true,
          min: new Date('0001-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
        }),
        fc.string(),
        (rank, at, id) => {
          const cursor = encodeRankedCursor({ rank, at, id }, BY_PRIORITY);
          expect(decodeRankedCursor(cursor, BY_PRIORITY)).toEqual({ rank, at, id });
          expect(() => decodeCursor(cursor, TICKETS)).toThrow(InvalidCursorError);
        },
      ),
    );
    const plain = encodeCursor({ at: new Date(0), id: 'a' }, BY_PRIORITY);
    for (const bad of [
      plain,
      'p1.',
      'p1.1.',
      'p1.x.abc',
      encodeRankedCursor({ rank: 1, at: new Date(0), id: 'a' }, TICKETS),
    ]) {
      expect(() => decodeRankedCursor(bad, BY_PRIORITY)).toThrow(InvalidCursorError);
    }
  });

  it('cut the page size to the most, refuse one below 1, and only point to a next page when one exists', () => {
    expect([pageSize(undefined), pageSize(1), pageSize(1000), pageSize(7.9)]).toEqual([20, 1, 100, 7]);
    for (const none of [0, -1, 0.5, Number.NaN]) expect(() => pageSize(none)).toThrow(InvalidPageSizeError);
    const rows = [1, 2, 3].map((n) => ({ at: new Date(n), id: `r${n}` }));
    const keyset = (row: { at: Date; id: string }) => row;
    expect(toPage(rows, 3, keyset, (r) => r.id, TICKETS)).toEqual({ items: ['r1', 'r2', 'r3'], nextCursor: null });
    const page = toPage(rows, 2, keyset, (r) => r.id, TICKETS);
    expect(page.items).toEqual(['r1', 'r2']);
    expect(decodeCursor(page.nextCursor!, TICKETS)).toEqual({ at: new Date(2), id: 'r2' });
  });
});
