import { type MetricsGroup, ticketMetrics } from '@support-engine/projections';
import { defineQuery } from '../graphql/secure.js';

interface MetricsArgs {
  readonly from: Date;
  readonly to: Date;
}

/** The schema's `MetricsGroup`: SLA metric ids become field names. */
function group(metrics: MetricsGroup) {
  const { first_response, next_response, resolution } = metrics.slaCompliance;
  return { ...metrics, slaCompliance: { firstResponse: first_response, nextResponse: next_response, resolution } };
}

const keyed = (groups: Readonly<Record<string, MetricsGroup>>) =>
  Object.entries(groups).map(([key, metrics]) => ({ key, metrics: group(metrics) }));

/** Report figures of the tickets opened in `[from, to)`, overall and per agent, channel, priority. */
export const ticketMetricsQuery = defineQuery<MetricsArgs>('tickets', async (args, context) => {
  const report = await ticketMetrics(context.services.deps.db, { from: args.from, to: args.to });
  return {
    from: report.from,
    to: report.to,
    overall: group(report.overall),
    byAgent: keyed(report.byAgent),
    byChannel: keyed(report.byChannel),
    byPriority: keyed(report.byPriority),
  };
});
