import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../shared/time.js';
import { localBucketStart, localBucketStarts, localHourOfDay, nextLocalBucketStart } from './report-buckets.js';

const ms = (iso: string) => Date.parse(iso);
const iso = (starts: number[]) => starts.map((start) => new Date(start).toISOString());

describe('local days around a change of clocks', () => {
  it('Europe/Paris: the day clocks go forward lasts 23 hours, the day they go back 25', () => {
    const spring = localBucketStart(ms('2026-03-29T12:00:00Z'), 'day', 'Europe/Paris');
    expect(new Date(spring).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(nextLocalBucketStart(spring, 'day', 'Europe/Paris') - spring).toBe(23 * HOUR_MS);
    const autumn = localBucketStart(ms('2026-10-25T12:00:00Z'), 'day', 'Europe/Paris');
    expect(new Date(autumn).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(nextLocalBucketStart(autumn, 'day', 'Europe/Paris') - autumn).toBe(25 * HOUR_MS);
  });

  it('America/New_York: three local days across the spring change start at local midnight', () => {
    const days = localBucketStarts(ms('2026-03-07T12:00:00Z'), ms('2026-03-09T12:00:00Z'), 'day', 'America/New_York');
    expect(iso(days)).toEqual(['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });

  it('America/New_York: the autumn day has 25 hourly buckets, 1 am twice', () => {
    const day = localBucketStart(ms('2026-11-01T12:00:00Z'), 'day', 'America/New_York');
    const hours = localBucketStarts(
      day,
      nextLocalBucketStart(day, 'day', 'America/New_York'),
      'hour',
      'America/New_York',
    );
    expect(hours).toHaveLength(25);
    expect(hours.map((start) => localHourOfDay(start, 'America/New_York')).slice(0, 4)).toEqual([0, 1, 1, 2]);
    // The repeated hour's second occurrence is a bucket of its own.
    expect(localBucketStart(ms('2026-11-01T06:30:00Z'), 'hour', 'America/New_York')).toBe(ms('2026-11-01T06:00:00Z'));
  });

  it('Europe/Paris: the spring day has 23 hourly buckets and no 2 am', () => {
    const day = localBucketStart(ms('2026-03-29T12:00:00Z'), 'day', 'Europe/Paris');
    const hours = localBucketStarts(day, nextLocalBucketStart(day, 'day', 'Europe/Paris'), 'hour', 'Europe/Paris');
    expect(hours).toHaveLength(23);
    expect(hours.map((start) => localHourOfDay(start, 'Europe/Paris'))).not.toContain(2);
  });
});

describe('local buckets', () => {
  it('in UTC, hours and days are those of the UTC clock', () => {
    expect(localBucketStart(ms('2025-03-03T09:41:27.123Z'), 'hour', 'UTC')).toBe(ms('2025-03-03T09:00:00Z'));
    expect(localBucketStart(ms('2025-03-03T09:41:27.123Z'), 'day', 'UTC')).toBe(ms('2025-03-03T00:00:00Z'));
    expect(localHourOfDay(ms('2025-03-03T23:59:59Z'), 'UTC')).toBe(23);
  });

  it('a zone half an hour off UTC starts its hours at half past', () => {
    expect(iso([localBucketStart(ms('2026-01-10T10:10:00Z'), 'hour', 'Asia/Kolkata')])).toEqual([
      '2026-01-10T09:30:00.000Z',
    ]);
  });

  it('covers a range with its partial edges, none for an empty range, at most the limit', () => {
    const from = ms('2026-01-10T10:30:00Z');
    expect(localBucketStarts(from, from + 2 * HOUR_MS, 'hour', 'Europe/Paris')).toHaveLength(3);
    expect(localBucketStarts(from, from, 'hour', 'Europe/Paris')).toEqual([]);
    expect(localBucketStarts(from, from + 100 * HOUR_MS, 'hour', 'Europe/Paris', 5)).toHaveLength(5);
  });
});
