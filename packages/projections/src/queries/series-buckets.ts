import { DAY_MS, HOUR_MS } from '@support-engine/domain';

/**
 * How a report's time series is cut: UTC hours or UTC days. The engine has no reporting time
 * zone (SLA calendars each have their own), so days are UTC days.
 */
export const REPORT_INTERVALS = ['hour', 'day'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];

/** The most buckets one period of a series may have: 41 days by the hour, almost 3 years by the day. */
export const MAX_SERIES_BUCKETS = 1_000;

/** A half-open time range `[from, to)`. */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

const LENGTH_MS: Readonly<Record<ReportInterval, number>> = { hour: HOUR_MS, day: DAY_MS };

/** The start of the bucket holding `at`: UTC hours and days are whole multiples of their length since the epoch. */
export function bucketStart(at: Date, interval: ReportInterval): Date {
  const length = LENGTH_MS[interval];
  return new Date(Math.floor(at.getTime() / length) * length);
}

/**
 * The starts of the buckets that cover `[from, to)`, in order: the first holds `from`, the last
 * holds the instant before `to` (so the edge buckets may be partly outside the range). None for
 * an empty range.
 */
export function bucketStarts(range: TimeRange, interval: ReportInterval): Date[] {
  const length = LENGTH_MS[interval];
  const starts: Date[] = [];
  if (range.to <= range.from) return starts;
  for (let at = bucketStart(range.from, interval).getTime(); at < range.to.getTime(); at += length)
    starts.push(new Date(at));
  return starts;
}

/** How many buckets {@link bucketStarts} gives, without listing them. */
export function bucketCount(range: TimeRange, interval: ReportInterval): number {
  if (range.to <= range.from) return 0;
  const length = LENGTH_MS[interval];
  const first = bucketStart(range.from, interval).getTime();
  return Math.ceil((range.to.getTime() - first) / length);
}

/** The period of the same length that ends where `range` starts. */
export function previousPeriod(range: TimeRange): TimeRange {
  return { from: new Date(2 * range.from.getTime() - range.to.getTime()), to: range.from };
}
