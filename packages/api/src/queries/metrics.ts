import { knownTimeZone } from '@support-engine/domain/sla';
import { REPORT_DEFAULT_TIME_ZONE } from '@support-engine/domain/ticket';
import {
  bucketCount,
  MAX_SERIES_BUCKETS,
  METRICS_DIMENSIONS,
  type MetricsDimension,
  type MetricsGroup,
  REPORT_INTERVALS,
  type SeriesPeriod,
  type SlaMetricCompliance,
  ticketMetrics,
  ticketSeries,
} from '@support-engine/projections';
import { z } from 'zod';
import { type GraphQLResolveInfo, Kind } from '../graphql/engine.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { complianceGoals } from './compliance-goals.js';
import { periodInOrder } from './period.js';

const MetricsArgs = z.object({ from: z.date(), to: z.date() }).refine(...periodInOrder);

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

/** The breakdown each field of `TicketMetrics` shows. */
const DIMENSION_FIELDS: Readonly<Record<string, MetricsDimension>> = {
  byAgent: 'agent',
  byChannel: 'channel',
  byPriority: 'priority',
  byCategory: 'category',
  byTier: 'tier',
  byTag: 'tag',
  byPolicy: 'policy',
};

/**
 * The breakdowns the request selects: a dashboard showing two of them pays for two. Behind a
 * fragment the selection is not read here, and every breakdown is computed.
 */
function selectedDimensions(info: GraphQLResolveInfo): readonly MetricsDimension[] {
  const selections = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  if (selections.some((selection) => selection.kind !== Kind.FIELD)) return METRICS_DIMENSIONS;
  return selections.flatMap((selection) => {
    const dimension = selection.kind === Kind.FIELD ? DIMENSION_FIELDS[selection.name.value] : undefined;
    return dimension === undefined ? [] : [dimension];
  });
}

/**
 * Report figures of the tickets opened in `[from, to)`, overall and per agent, channel, priority,
 * category, tier, tag and SLA policy, compliance held to the policies' goals.
 */
export const ticketMetricsQuery = defineQuery<z.input<typeof MetricsArgs>>(
  'tickets',
  async (args, context, _principal, info) => {
    const range = parseInput(MetricsArgs, args);
    const goals = await complianceGoals(context.services.bus.configuration);
    const report = await ticketMetrics(context.services.deps.db, range, selectedDimensions(info), goals);
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
      byPolicy: keyed(report.byPolicy),
    };
  },
);

/**
 * The arguments of `ticketTimeSeries`, checked: a range, a time zone (UTC when left out; one the
 * time-zone database does not know is refused `UNKNOWN_TIME_ZONE`, its name spelt as the database
 * does), and an interval giving the range few enough buckets in that zone.
 */
export const SeriesArgs = z
  .object({
    from: z.date(),
    to: z.date(),
    interval: z.enum(REPORT_INTERVALS),
    timeZone: z
      .string()
      .nullish()
      .transform((zone) => knownTimeZone(zone ?? REPORT_DEFAULT_TIME_ZONE)),
  })
  .refine(...periodInOrder)
  .refine((args) => bucketCount(args, args.interval, args.timeZone, MAX_SERIES_BUCKETS + 1) <= MAX_SERIES_BUCKETS, {
    message: `at most ${MAX_SERIES_BUCKETS} buckets per period: a shorter range, or a longer interval`,
    path: ['interval'],
  });

const period = (series: SeriesPeriod) => ({
  ...series,
  buckets: series.buckets.map((bucket) => ({ ...bucket, slaCompliance: slaCompliance(bucket.slaCompliance) })),
});

/** Tickets opened per hour or day of a time zone over `[from, to)` and the period before, and the peak hours. */
export const ticketTimeSeriesQuery = defineQuery<z.input<typeof SeriesArgs>>('tickets', async (args, context) => {
  const { from, to, interval, timeZone } = parseInput(SeriesArgs, args);
  const series = await ticketSeries(context.services.deps.db, { from, to }, interval, timeZone);
  return { ...series, current: period(series.current), previous: period(series.previous) };
});
