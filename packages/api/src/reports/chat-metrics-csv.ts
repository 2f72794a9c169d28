import type { AgentUtilisation, ChatMetrics, ChatMetricsGroup } from '@support-engine/projections';
import { byKey, type CsvColumn, csvLine, durationColumns, shareColumns } from './csv.js';

/** What a chat report's rows may be: the overall figures, per agent (with their utilisation), per category. */
export const CHAT_CSV_GROUPINGS = ['overall', 'agent', 'category'] as const;
export type ChatCsvGrouping = (typeof CHAT_CSV_GROUPINGS)[number];

/** Every figure of a `ChatMetricsGroup`, one column each, in the order of the GraphQL type. */
const COLUMNS: readonly CsvColumn<ChatMetricsGroup>[] = [
  ['chats', (group) => group.chats],
  ...durationColumns('wait', (group: ChatMetricsGroup) => group.waitTime),
  ...durationColumns('duration', (group: ChatMetricsGroup) => group.duration),
  ...shareColumns('abandoned', (group: ChatMetricsGroup) => group.abandonment),
  ...shareColumns('converted', (group: ChatMetricsGroup) => group.conversion),
  ['csat_count', (group) => group.csat.count],
  ['csat_average', (group) => group.csat.average],
];

/** An agent's utilisation, on the agent rows only. */
const UTILISATION: readonly CsvColumn<AgentUtilisation>[] = [
  ['available_ms', (agent) => agent.availableMs],
  ['busy_ms', (agent) => agent.busyMs],
  ['utilisation_rate', (agent) => agent.rate],
];

/** The chat CSV header: the grouping, its key (empty for the overall row), every figure, then utilisation. */
export const CHAT_CSV_HEADER: readonly string[] = [
  'grouping',
  'key',
  ...[...COLUMNS, ...UTILISATION].map(([header]) => header),
];

/**
 * The `chatMetrics` report as CSV lines: the header, then a row per group of each grouping asked
 * for, in the order asked, keys in code-point order. An agent's row carries their utilisation
 * too; an agent at work who took no chat has a row with utilisation only, an agent who held
 * chats without recorded presence one without it.
 */
export function* chatMetricsCsv(report: ChatMetrics, groupings: readonly ChatCsvGrouping[]): Generator<string> {
  yield csvLine(CHAT_CSV_HEADER);
  const cells = <G>(columns: readonly CsvColumn<G>[], row: G | undefined) =>
    columns.map(([, value]) => (row === undefined ? null : value(row)));
  for (const grouping of groupings) {
    if (grouping === 'overall') yield csvLine(['overall', null, ...cells(COLUMNS, report.overall), null, null, null]);
    else if (grouping === 'category')
      for (const [key, group] of byKey(Object.entries(report.byCategory)))
        yield csvLine(['category', key, ...cells(COLUMNS, group), null, null, null]);
    else {
      const utilisation = new Map(report.utilisation.map((agent) => [agent.agentId, agent]));
      const agents = new Set([...Object.keys(report.byAgent), ...utilisation.keys()]);
      for (const agentId of [...agents].sort())
        yield csvLine([
          'agent',
          agentId,
          ...cells(COLUMNS, report.byAgent[agentId]),
          ...cells(UTILISATION, utilisation.get(agentId)),
        ]);
    }
  }
}
