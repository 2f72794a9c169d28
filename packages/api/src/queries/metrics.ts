import {
  bucketCount,
  MAX_SERIES_BUCKETS,
  type MetricsGroup,
  REPORT_INTERVALS,
  type SeriesPeriod,
  type SlaMetricCompliance,
  ticketMetrics,
  ticketSeries,
} from '@support-engine/projections';
import { z } from 'zod';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

interface MetricsArgs {
  readonly from: Date;
  readonly to: Date;
}

/** The schema's `SlaCompliance`: SLA metric ids become field names. */
function slaCompliance({ first_response, next_response, resolution }: SlaMetricCompliance) {
  return { firstResponse: first_response, nextResponse: next_response, resolution };
}

/** The schema's `MetricsGroup`. */
function group(metrics: MetricsGroup) {
  return { ...metrics, slaCompliance: slaCompliance(metrics.slaCompliance) };
}

const keyed = (groups: Readonly<Record<string, MetricsGroup>>) =>
  Object.entries(groups).map(([key, metrics]) => ({ key, metrics: group(metrics) }));

/** Report figures of the tickets opened in `[from, to)`, overall and per agent, channel, priority, category, tier, tag. */
export const ticketMetricsQuery = defineQuery<MetricsArgs>('tickets', async (args, context) => {
  const report = await ticketMetrics(context.services.deps.db, { from: args.from, to: args.to });
  return {
    from: report.from,
    to: report.to,
    overall: group(report.overall),
    byAgent: keyed(report.byAgent),
    byChannel: keyed(report.byChannel),
    byPriority: keyed(report.byPriority),
    byCategory: keyed(report.byCategory),
    byTier: keyed(report.byTier),
    byTag: keyed(report.byTag),
  };
});

const SeriesArgs = z
  .object({ from: z.date(), to: z.date(), interval: z.enum(REPORT_INTERVALS) })
  .refine((args) => args.from < args.to, { message: 'from must be before to', path: ['to'] })
  .refine((args) => bucketCount(args, args.interval) <= MAX_SERIES_BUCKETS, {
    message: `at most ${MAX_SERIES_BUCKETS} buckets per period: a shorter range, or a longer interval`,
    path: ['interval'],
  });

const period = (series: SeriesPeriod) => ({
  ...series,
  buckets: series.buckets.map((bucket) => ({ ...bucket, slaCompliance: slaCompliance(bucket.slaCompliance) })),
});

/** Tickets opened per UTC hour or day over `[from, to)` and the period before, and the peak hours. */
export const ticketTimeSeriesQuery = defineQuery<z.input<typeof SeriesArgs>>('tickets', async (args, context) => {
  const { from, to, interval } = parseInput(SeriesArgs, args);
  const series = await ticketSeries(context.services.deps.db, { from, to }, interval);
  return { ...series, current: period(series.current), previous: period(series.previous) };
});
