import { SLA_METRICS } from '@support-engine/domain';
import { MAX_TIER } from '@support-engine/domain/ticket';
import {
  METRICS_DIMENSIONS,
  type MetricsDimension,
  type MetricsGroup,
  type TicketMetrics,
} from '@support-engine/projections';
import { byKey, type CsvColumn, complianceColumns, csvLine, durationColumns, shareColumns } from './csv.js';

/** What a CSV report's rows may be: the overall figures, and each breakdown of `ticketMetrics`. */
export const CSV_GROUPINGS = ['overall', ...METRICS_DIMENSIONS] as const;
export type CsvGrouping = (typeof CSV_GROUPINGS)[number];

/** Every figure of a `MetricsGroup`, one column each, in the order of the GraphQL type. */
const COLUMNS: readonly CsvColumn<MetricsGroup>[] = [
  ['tickets', (group) => group.tickets],
  ...durationColumns('first_response', (group: MetricsGroup) => group.firstResponse),
  ...durationColumns('resolution', (group: MetricsGroup) => group.resolution),
  ...complianceColumns(SLA_METRICS, (group: MetricsGroup) => group.slaCompliance, true),
  ['resolved_under_1h', (group) => group.resolutionDistribution.under1h],
  ['resolved_1h_to_4h', (group) => group.resolutionDistribution.from1hTo4h],
  ['resolved_4h_to_24h', (group) => group.resolutionDistribution.from4hTo24h],
  ['resolved_over_24h', (group) => group.resolutionDistribution.over24h],
  ['csat_count', (group) => group.csat.count],
  ['csat_average', (group) => group.csat.average],
  ...shareColumns('first_contact_resolution', (group: MetricsGroup) => group.firstContactResolution),
  ...shareColumns('reopened', (group: MetricsGroup) => group.reopens),
  ...shareColumns('escalated', (group: MetricsGroup) => group.escalation),
  ...Array.from({ length: MAX_TIER }, (_, i) =>
    shareColumns(`tier_${i + 1}_escalated`, (group: MetricsGroup) => group.escalationByTier[i]!),
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
  policy: (report) => report.byPolicy,
};

/**
 * The report as CSV lines: the header, then a row per group of each grouping asked for, in the
 * order asked, keys in code-point order within a grouping.
 */
export function* ticketMetricsCsv(report: TicketMetrics, groupings: readonly CsvGrouping[]): Generator<string> {
  yield csvLine(CSV_HEADER);
  for (const grouping of groupings) {
    const groups: [string | null, MetricsGroup][] =
      grouping === 'overall' ? [[null, report.overall]] : byKey(Object.entries(BREAKDOWN[grouping](report)));
    for (const [key, group] of groups) yield csvLine([grouping, key, ...COLUMNS.map(([, value]) => value(group))]);
  }
}
