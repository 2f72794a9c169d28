import { DAY_MS, HOUR_MS } from '@support-engine/domain';
import {
  localBucketStart,
  localBucketStarts,
  REPORT_DEFAULT_TIME_ZONE,
  type ReportUnit,
} from '@support-engine/domain/ticket';

/**
 * How a report's time series is cut: hours or days of a time zone's clocks (UTC unless asked;
 * the domain's `localBucketStart` says where each starts, a day of 23 or 25 hours included).
 */
export const REPORT_INTERVALS = ['hour', 'day'] as const satisfies readonly ReportUnit[];
export type ReportInterval = (typeof REPORT_INTERVALS)[number];

/** The most buckets one period of a series may have: 41 days by the hour, almost 3 years by the day. */
export const MAX_SERIES_BUCKETS = 1_000;

/** A half-open time range `[from, to)`. */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

const LENGTH_MS: Readonly<Record<ReportInterval, number>> = { hour: HOUR_MS, day: DAY_MS };

/** The start of the bucket holding `at`: in UTC, hours and days are whole multiples of their length since the epoch. */
export function bucketStart(at: Date, interval: ReportInterval, timeZone = REPORT_DEFAULT_TIME_ZONE): Date {
  if (timeZone !== REPORT_DEFAULT_TIME_ZONE) return new Date(localBucketStart(at.getTime(), interval, timeZone));
  const length = LENGTH_MS[interval];
  return new Date(Math.floor(at.getTime() / length) * length);
}

/**
 * The starts of the buckets that cover `[from, to)`, in order: the first holds `from`, the last
 * holds the instant before `to` (so the edge buckets may be partly outside the range). None for
 * an empty range.
 */
export function bucketStarts(range: TimeRange, interval: ReportInterval, timeZone = REPORT_DEFAULT_TIME_ZONE): Date[] {
  return localBucketStarts(range.from.getTime(), range.to.getTime(), interval, timeZone).map((at) => new Date(at));
}

/**
 * How many buckets {@link bucketStarts} gives, without listing them in UTC; in another zone they
 * are counted up to `limit` (a series refused past its cap need not be counted to its end).
 */
export function bucketCount(
  range: TimeRange,
  interval: ReportInterval,
  timeZone = REPORT_DEFAULT_TIME_ZONE,
  limit = Number.POSITIVE_INFINITY,
): number {
  if (range.to <= range.from) return 0;
  if (timeZone !== REPORT_DEFAULT_TIME_ZONE)
    return localBucketStarts(range.from.getTime(), range.to.getTime(), interval, timeZone, limit).length;
  const length = LENGTH_MS[interval];
  const first = bucketStart(range.from, interval).getTime();
  return Math.ceil((range.to.getTime() - first) / length);
}

/** The period of the same length that ends where `range` starts. */
export function previousPeriod(range: TimeRange): TimeRange {
  return { from: new Date(2 * range.from.getTime() - range.to.getTime()), to: range.from };
}
