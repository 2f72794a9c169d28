import { MAX_TIER, SLA_METRICS } from '@support-engine/domain';
import {
  METRICS_DIMENSIONS,
  type MetricsDimension,
  type MetricsGroup,
  type Share,
  type TicketMetrics,
} from '@support-engine/projections';
import { type CsvValue, csvLine } from './csv.js';

/** What a CSV report's rows may be: the overall figures, and each breakdown of `ticketMetrics`. */
export const CSV_GROUPINGS = ['overall', ...METRICS_DIMENSIONS] as const;
export type CsvGrouping = (typeof CSV_GROUPINGS)[number];

type Column = readonly [header: string, value: (group: MetricsGroup) => CsvValue];

const shareColumns = (name: string, of: (group: MetricsGroup) => Share): Column[] => [
  [`${name}_count`, (group) => of(group).count],
  [`${name}_of`, (group) => of(group).of],
  [`${name}_rate`, (group) => of(group).rate],
];

/** Every figure of a `MetricsGroup`, one column each, in the order of the GraphQL type. */
const COLUMNS: readonly Column[] = [
  ['tickets', (group) => group.tickets],
  ['first_response_count', (group) => group.firstResponse.count],
  ['first_response_average_ms', (group) => group.firstResponse.averageMs],
  ['first_response_median_ms', (group) => group.firstResponse.medianMs],
  ['resolution_count', (group) => group.resolution.count],
  ['resolution_average_ms', (group) => group.resolution.averageMs],
  ['resolution_median_ms', (group) => group.resolution.medianMs],
  ...SLA_METRICS.flatMap((metric): Column[] => [
    [`sla_${metric}_met`, (group) => group.slaCompliance[metric].met],
    [`sla_${metric}_breached`, (group) => group.slaCompliance[metric].breached],
    [`sla_${metric}_rate`, (group) => group.slaCompliance[metric].rate],
  ]),
  ['resolved_under_1h', (group) => group.resolutionDistribution.under1h],
  ['resolved_1h_to_4h', (group) => group.resolutionDistribution.from1hTo4h],
  ['resolved_4h_to_24h', (group) => group.resolutionDistribution.from4hTo24h],
  ['resolved_over_24h', (group) => group.resolutionDistribution.over24h],
  ['csat_count', (group) => group.csat.count],
  ['csat_average', (group) => group.csat.average],
  ...shareColumns('first_contact_resolution', (group) => group.firstContactResolution),
  ...shareColumns('reopened', (group) => group.reopens),
  ...shareColumns('escalated', (group) => group.escalation),
  ...Array.from({ length: MAX_TIER }, (_, i) =>
    shareColumns(`tier_${i + 1}_escalated`, (group) => group.escalationByTier[i]!),
  ).flat(),
];

/** The CSV header: the grouping, its key (empty for the overall row), then every figure. */
export const CSV_HEADER: readonly string[] = ['grouping', 'key', ...COLUMNS.map(([header]) => header)];

type Groups = Readonly<Record<string, MetricsGroup>>;

const BREAKDOWN: Readonly<Record<MetricsDimension, (report: TicketMetrics) => Groups>> = {
  agent: (report) => report.byAgent,
  channel: (report) => report.byChannel,
  priority: (report) => report.byPriority,
  category: (report) => report.byCategory,
  tier: (report) => report.byTier,
  tag: (report) => report.byTag,
};

/**
 * The report as CSV lines: the header, then a row per group of each grouping asked for, in the
 * order asked, keys in code-point order within a grouping.
 */
export function* ticketMetricsCsv(report: TicketMetrics, groupings: readonly CsvGrouping[]): Generator<string> {
  yield csvLine(CSV_HEADER);
  for (const grouping of groupings) {
    const groups: [string | null, MetricsGroup][] =
      grouping === 'overall'
        ? [[null, report.overall]]
        : Object.entries(BREAKDOWN[grouping](report)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, group] of groups) yield csvLine([grouping, key, ...COLUMNS.map(([, value]) => value(group))]);
  }
}
