import { type ApiMetrics, createApiMetrics } from '@support-engine/api';
import { Gauge } from 'prom-client';
import type { Databases } from './databases.js';
import { projectionPositions } from './projection-lag.js';

/** Most events a scrape counts behind a projection: past it the gauge reads this many. */
export const LAG_COUNT_LIMIT = 100_000;

/**
 * The API process's metrics: the API's own (process, commands) and each projection's lag, read
 * at every scrape: `support_engine_projection_lag_events` (events after its checkpoint, counted on
 * the log's position index up to {@link LAG_COUNT_LIMIT}) and
 * `support_engine_projection_lag_seconds` (how long the oldest of them has waited; 0 when caught up).
 */
export function createProcessMetrics(databases: Databases, clock: () => Date): ApiMetrics {
  const metrics = createApiMetrics();
  const positions = projectionPositions(databases, LAG_COUNT_LIMIT);
  const lags = async () =>
    Promise.all(
      (await positions()).map(async ({ projection, checkpoint, behind }) => {
        const [oldest] = await databases.store.readAll(checkpoint, { limit: 1 });
        const waitedMs = oldest === undefined ? 0 : Math.max(0, clock().getTime() - oldest.recordedAt.getTime());
        return { projection, behind, waitedSeconds: waitedMs / 1000 };
      }),
    );
  // A scrape collects every metric at once (prom-client awaits them together): the two gauges
  // share one reading, dropped once it settled so the next scrape reads afresh.
  let reading: ReturnType<typeof lags> | undefined;
  const read = () => {
    reading ??= lags().finally(() => setTimeout(() => (reading = undefined), 0));
    return reading;
  };
  new Gauge({
    name: 'support_engine_projection_lag_events',
    help: `Events in the log after the projection's checkpoint (counted up to ${LAG_COUNT_LIMIT}).`,
    labelNames: ['projection'] as const,
    registers: [metrics.registry],
    async collect() {
      for (const lag of await read()) this.set({ projection: lag.projection }, lag.behind);
    },
  });
  new Gauge({
    name: 'support_engine_projection_lag_seconds',
    help: 'How long the oldest event the projection has not applied has been in the log (0 when caught up).',
    labelNames: ['projection'] as const,
    registers: [metrics.registry],
    async collect() {
      for (const lag of await read()) this.set({ projection: lag.projection }, lag.waitedSeconds);
    },
  });
  return metrics;
}
