import { DateTime } from 'luxon';

/** How a report's time series is cut: hours or days of a time zone's clock. */
export type ReportUnit = 'hour' | 'day';

/** The time zone reports are cut in when none is asked for. */
export const REPORT_DEFAULT_TIME_ZONE = 'UTC';

/**
 * The start of the local hour or day of `zone` (an IANA name the time-zone database knows) that
 * holds `atMs`. A local day starts at the zone's midnight (or the first instant after it, where a
 * change of clocks skips midnight) and lasts until the next one: 23 or 25 hours on the days the
 * clocks change. A local hour of a zone whose offset is not whole hours (Asia/Kolkata) starts at
 * half past a UTC hour.
 */
export function localBucketStart(atMs: number, unit: ReportUnit, zone: string): number {
  return DateTime.fromMillis(atMs, { zone }).startOf(unit).toMillis();
}

/**
 * The start of the local hour or day after the one starting at `startMs`. An hour is an hour of
 * elapsed time (the hour repeated when clocks go back is two buckets, and the one skipped when
 * they go forward none); a day is the next local day, however long this one is.
 */
export function nextLocalBucketStart(startMs: number, unit: ReportUnit, zone: string): number {
  const start = DateTime.fromMillis(startMs, { zone });
  return (unit === 'day' ? start.plus({ days: 1 }).startOf('day') : start.plus({ hours: 1 })).toMillis();
}

/**
 * The starts of the local buckets that cover `[fromMs, toMs)`, in order: the first holds `fromMs`,
 * the last the instant before `toMs` (so the edge buckets may reach outside the range). None for
 * an empty range; at most `limit` (the caller's cap on a series' length).
 */
export function localBucketStarts(
  fromMs: number,
  toMs: number,
  unit: ReportUnit,
  zone: string,
  limit = Number.POSITIVE_INFINITY,
): number[] {
  const starts: number[] = [];
  if (toMs <= fromMs) return starts;
  for (
    let at = localBucketStart(fromMs, unit, zone);
    at < toMs && starts.length < limit;
    at = nextLocalBucketStart(at, unit, zone)
  )
    starts.push(at);
  return starts;
}

/** The hour of the day (0 to 23) on the clocks of `zone` at `atMs`. */
export function localHourOfDay(atMs: number, zone: string): number {
  return DateTime.fromMillis(atMs, { zone }).hour;
}
