import { REPORT_DEFAULT_TIME_ZONE } from '@support-engine/domain/ticket';
import type { Kysely } from 'kysely';
import { type Figures, noFigures } from '../read-models/tickets/report-rollup.js';
import type { ReadModelTables } from '../schema.js';
import { complianceOf, type SlaMetricCompliance } from './metrics.js';
import { figure, medianOf, seriesFigures } from './report-figures.js';
import { bucketStarts, previousPeriod, type ReportInterval, type TimeRange } from './series-buckets.js';

/** The tickets opened in one bucket of a series, and how they fared. */
export interface SeriesBucket {
  readonly start: Date;
  readonly opened: number;
  /** Medians as the ticket report gives them (see `MetricsGroup`). */
  readonly firstResponseMedianMs: number | null;
  readonly resolutionMedianMs: number | null;
  readonly slaCompliance: SlaMetricCompliance;
}

/** A period of a series: its range and every bucket of it, empty ones included. */
export interface SeriesPeriod extends TimeRange {
  readonly buckets: readonly SeriesBucket[];
}

/** The tickets opened at one hour of the day (0 to 23, on the series' time zone's clocks). */
export interface HourVolume {
  readonly hour: number;
  readonly opened: number;
}

/** The ticket time series of a period beside the one before it. */
export interface TicketSeries {
  readonly interval: ReportInterval;
  /** The IANA time zone whose hours and days cut it (`UTC` unless asked). */
  readonly timeZone: string;
  readonly current: SeriesPeriod;
  /** The period of the same length just before, cut the same way. */
  readonly previous: SeriesPeriod;
  /** The current period's tickets per hour of the day, busiest hour first (then earliest). */
  readonly peakHours: readonly HourVolume[];
}

/**
 * The tickets opened in `range` and in the period of the same length before it, per hour or day of
 * opening on the clocks of `timeZone` (an IANA name the caller checked; a local day may last 23 or
 * 25 hours), a bucket's figures those of its tickets however long they took, and the current
 * period's volume per hour of the day; from the report rollup's hours (and, in UTC, days) and the
 * ticket rows of the partial hours at the edges.
 */
export async function ticketSeries(
  db: Kysely<ReadModelTables>,
  range: TimeRange,
  interval: ReportInterval,
  timeZone = REPORT_DEFAULT_TIME_ZONE,
): Promise<TicketSeries> {
  const previous = previousPeriod(range);
  const [current, before] = await Promise.all([
    seriesFigures(db, range, interval, timeZone),
    seriesFigures(db, previous, interval, timeZone),
  ]);
  const period = (span: TimeRange, buckets: ReadonlyMap<number, Figures>): SeriesPeriod => ({
    ...span,
    buckets: bucketStarts(span, interval, timeZone).map((start) =>
      bucket(start, buckets.get(start.getTime()) ?? noFigures()),
    ),
  });
  const peakHours = current.openedPerHour
    .map((opened, hour) => ({ hour, opened }))
    .sort((a, b) => b.opened - a.opened || a.hour - b.hour);
  return {
    interval,
    timeZone,
    current: period(range, current.buckets),
    previous: period(previous, before.buckets),
    peakHours,
  };
}

function bucket(start: Date, figures: Figures): SeriesBucket {
  const get = (name: string) => figure(figures, name);
  return {
    start,
    opened: get('tickets'),
    firstResponseMedianMs: medianOf(figures, 'fr'),
    resolutionMedianMs: medianOf(figures, 'res'),
    slaCompliance: complianceOf(get),
  };
}
