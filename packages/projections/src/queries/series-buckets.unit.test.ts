import { DAY_MS, HOUR_MS } from '@support-engine/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketCount, bucketStart, bucketStarts, previousPeriod, REPORT_INTERVALS } from './series-buckets.js';

const LENGTH = { hour: HOUR_MS, day: DAY_MS } as const;
// Instants from 1990 to 2060, to the millisecond.
const instant = fc.integer({ min: 631_152_000_000, max: 2_840_140_800_000 }).map((ms) => new Date(ms));
const range = fc
  .tuple(instant, fc.integer({ min: 0, max: 10 * DAY_MS }))
  .map(([from, length]) => ({ from, to: new Date(from.getTime() + length) }));

describe('series buckets', () => {
  it('starts hours and days on UTC boundaries', () => {
    const at = new Date('2025-03-03T09:41:27.123Z');
    expect(bucketStart(at, 'hour')).toEqual(new Date('2025-03-03T09:00:00.000Z'));
    expect(bucketStart(at, 'day')).toEqual(new Date('2025-03-03T00:00:00.000Z'));
  });

  it('cuts a range into consecutive buckets, the first holding from and the last the instant before to', () => {
    fc.assert(
      fc.property(range, fc.constantFrom(...REPORT_INTERVALS), (span, interval) => {
        const starts = bucketStarts(span, interval);
        expect(starts).toHaveLength(bucketCount(span, interval));
        if (span.to <= span.from) {
          expect(starts).toEqual([]);
          return;
        }
        const length = LENGTH[interval];
        expect(starts[0]!.getTime()).toBeLessThanOrEqual(span.from.getTime());
        expect(starts[0]!.getTime() + length).toBeGreaterThan(span.from.getTime());
        const last = starts.at(-1)!.getTime();
        expect(last).toBeLessThan(span.to.getTime());
        expect(last + length).toBeGreaterThanOrEqual(span.to.getTime());
        for (const [i, start] of starts.entries()) {
          expect(start).toEqual(bucketStart(start, interval));
          if (i > 0) expect(start.getTime() - starts[i - 1]!.getTime()).toBe(length);
        }
      }),
    );
  });

  it('counts the buckets of a partial first and last hour', () => {
    const span = { from: new Date('2025-03-03T09:30:00Z'), to: new Date('2025-03-03T11:00:01Z') };
    expect(bucketStarts(span, 'hour').map((start) => start.toISOString())).toEqual([
      '2025-03-03T09:00:00.000Z',
      '2025-03-03T10:00:00.000Z',
      '2025-03-03T11:00:00.000Z',
    ]);
    expect(bucketCount(span, 'day')).toBe(1);
    expect(bucketStarts({ from: span.from, to: span.from }, 'hour')).toEqual([]);
  });

  it('gives the period of the same length that ends where the range starts', () => {
    fc.assert(
      fc.property(range, (span) => {
        const previous = previousPeriod(span);
        expect(previous.to).toEqual(span.from);
        expect(previous.to.getTime() - previous.from.getTime()).toBe(span.to.getTime() - span.from.getTime());
      }),
    );
  });
});
