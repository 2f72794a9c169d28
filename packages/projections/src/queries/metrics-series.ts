import { SLA_METRICS } from '@support-engine/domain';
import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { type ComplianceColumns, complianceColumns, complianceOf, type SlaMetricCompliance } from './metrics.js';
import { bucketStarts, previousPeriod, type ReportInterval, type TimeRange } from './series-buckets.js';

/** The tickets opened in one bucket of a series, and how they fared. */
export interface SeriesBucket {
  readonly start: Date;
  readonly opened: number;
  readonly firstResponseMedianMs: number | null;
  readonly resolutionMedianMs: number | null;
  readonly slaCompliance: SlaMetricCompliance;
}

/** A period of a series: its range and every bucket of it, empty ones included. */
export interface SeriesPeriod extends TimeRange {
  readonly buckets: readonly SeriesBucket[];
}

/** The tickets opened at one hour of the day (UTC, 0 to 23). */
export interface HourVolume {
  readonly hour: number;
  readonly opened: number;
}

/** The ticket time series of a period beside the one before it. */
export interface TicketSeries {
  readonly interval: ReportInterval;
  readonly current: SeriesPeriod;
  /** The period of the same length just before, cut the same way. */
  readonly previous: SeriesPeriod;
  /** The current period's tickets per hour of the day, busiest hour first (then earliest). */
  readonly peakHours: readonly HourVolume[];
}

type SeriesRow = ComplianceColumns & {
  is_current: boolean;
  bucket: Date | null;
  hour_of_day: number | null;
  opened: string;
  fr_median: number | null;
  res_median: number | null;
};

/**
 * The tickets opened in `range` and in the period of the same length before it, per UTC hour or
 * day of opening (a bucket's figures are those of its tickets, however long they took), and the
 * current period's volume per hour of the day. One pass with grouping sets.
 */
export async function ticketSeries(
  db: Kysely<ReadModelTables>,
  range: TimeRange,
  interval: ReportInterval,
): Promise<TicketSeries> {
  const previous = previousPeriod(range);
  const { rows } = await sql<SeriesRow>`
    select is_current, bucket, hour_of_day,
      count(*) as opened,
      percentile_cont(0.5) within group (order by first_response_ms) as fr_median,
      percentile_cont(0.5) within group (order by resolution_ms) as res_median,
      ${complianceColumns()}
    from (
      select *,
        opened_at >= ${range.from} as is_current,
        date_trunc(${interval}, opened_at, 'UTC') as bucket,
        extract(hour from opened_at at time zone 'UTC')::int as hour_of_day
      from tickets
      where opened_at >= ${previous.from} and opened_at < ${range.to}
    ) as opened
    group by grouping sets ((is_current, bucket), (is_current, hour_of_day))`.execute(db);

  const period = (isCurrent: boolean, span: TimeRange): SeriesPeriod => {
    const found = new Map(
      rows
        .filter((row) => row.is_current === isCurrent && row.bucket !== null)
        .map((row) => [row.bucket!.getTime(), row]),
    );
    const buckets = bucketStarts(span, interval).map((start) => bucket(start, found.get(start.getTime())));
    return { ...span, buckets };
  };
  const hours = new Map(
    rows
      .filter((row) => row.is_current && row.hour_of_day !== null)
      .map((row) => [row.hour_of_day!, Number(row.opened)]),
  );
  const peakHours = Array.from({ length: 24 }, (_, hour) => ({ hour, opened: hours.get(hour) ?? 0 })).sort(
    (a, b) => b.opened - a.opened || a.hour - b.hour,
  );
  return { interval, current: period(true, range), previous: period(false, previous), peakHours };
}

function bucket(start: Date, row: SeriesRow | undefined): SeriesBucket {
  return {
    start,
    opened: Number(row?.opened ?? 0),
    firstResponseMedianMs: row?.fr_median ?? null,
    resolutionMedianMs: row?.res_median ?? null,
    slaCompliance: complianceOf(row ?? NO_CYCLES),
  };
}

// A bucket no ticket was opened in counts no cycle.
const NO_CYCLES = Object.fromEntries(
  SLA_METRICS.flatMap((metric) => [
    [`${metric}_met`, '0'],
    [`${metric}_breached`, '0'],
  ]),
) as ComplianceColumns;
