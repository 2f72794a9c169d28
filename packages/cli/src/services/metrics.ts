import { type ApiMetrics, createApiMetrics } from '@support-engine/api';
import type { Checkpoint } from '@support-engine/eventstore';
import { createPostgresReactorCheckpoints } from '@support-engine/workflows';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Databases } from './databases.js';
import { projectionPositions } from './projection-lag.js';

/** Most events a scrape counts behind a position: past it the gauge reads this many. */
export const LAG_COUNT_LIMIT = 100_000;

/** One tailer of the log (a projection, the reactor) and where it stands. */
interface Position {
  readonly name: string;
  readonly checkpoint: Checkpoint;
  /** Events after the checkpoint, counted up to {@link LAG_COUNT_LIMIT}. */
  readonly behind: number;
}

/**
 * Registers `support_engine_<subject>_lag_events` (events in the log after each position,
 * counted on the log's position index up to {@link LAG_COUNT_LIMIT}) and
 * `support_engine_<subject>_lag_seconds` (how long the oldest of them has waited; 0 when caught
 * up), labelled by the position's name, read at every scrape.
 */
function registerLag(
  registry: Registry,
  subject: 'projection' | 'reactor',
  databases: Databases,
  positions: () => Promise<Position[]>,
  clock: () => Date,
): void {
  const lags = async () =>
    Promise.all(
      (await positions()).map(async ({ name, checkpoint, behind }) => {
        const [oldest] = await databases.store.readAll(checkpoint, { limit: 1 });
        const waitedMs = oldest === undefined ? 0 : Math.max(0, clock().getTime() - oldest.recordedAt.getTime());
        return { name, behind, waitedSeconds: waitedMs / 1000 };
      }),
    );
  // A scrape collects every metric at once (prom-client awaits them together): the gauges share
  // one reading, dropped once it settled so the next scrape reads afresh. A reading that fails (the
  // database is unreachable) leaves the lag gauges out rather than failing the whole scrape: the
  // counters kept in memory are what an operator needs most during an outage.
  let reading: Promise<Awaited<ReturnType<typeof lags>> | null> | undefined;
  const read = () => {
    reading ??= lags()
      .catch(() => null)
      .finally(() => setTimeout(() => (reading = undefined), 0));
    return reading;
  };
  const gauge = (name: string, help: string, value: (lag: Awaited<ReturnType<typeof lags>>[number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: [subject] as const,
      registers: [registry],
      async collect() {
        const lagsRead = await read();
        this.reset();
        for (const lag of lagsRead ?? []) this.set({ [subject]: lag.name }, value(lag));
      },
    });
  gauge(
    `support_engine_${subject}_lag_events`,
    `Events in the log after the ${subject}'s checkpoint (counted up to ${LAG_COUNT_LIMIT}).`,
    (lag) => lag.behind,
  );
  gauge(
    `support_engine_${subject}_lag_seconds`,
    `How long the oldest event the ${subject} has not handled has been in the log (0 when caught up).`,
    (lag) => lag.waitedSeconds,
  );
  new Gauge({
    name: `support_engine_${subject}_lag_readable`,
    help: `1 when this scrape read the ${subject}'s lag from the database, 0 when it could not (the lag gauges are then left out).`,
    registers: [registry],
    async collect() {
      this.set((await read()) === null ? 0 : 1);
    },
  });
}

function registerProjectionLag(registry: Registry, databases: Databases, clock: () => Date): void {
  const positions = projectionPositions(databases, LAG_COUNT_LIMIT);
  registerLag(
    registry,
    'projection',
    databases,
    async () => (await positions()).map(({ projection, ...position }) => ({ name: projection, ...position })),
    clock,
  );
}

/** A registry with Node's process metrics, as every process reports them. */
function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'support_engine_' });
  return registry;
}

function registerReactorLag(registry: Registry, databases: Databases, reactorName: string, clock: () => Date): void {
  const checkpoints = createPostgresReactorCheckpoints(databases.store.db);
  registerLag(
    registry,
    'reactor',
    databases,
    async () => {
      const checkpoint = await checkpoints.load(reactorName);
      return [{ name: reactorName, checkpoint, behind: await databases.store.countAfter(checkpoint, LAG_COUNT_LIMIT) }];
    },
    clock,
  );
}

/**
 * The API process's metrics: the API's own (process, commands), each projection's lag
 * (`support_engine_projection_lag_events` and `_seconds`) and, when the process also runs the
 * reactor (`reactorName`: the all-in-one `start` and `dev`), the reactor's.
 */
export function createProcessMetrics(databases: Databases, clock: () => Date, reactorName: string | null): ApiMetrics {
  const metrics = createApiMetrics();
  registerProjectionLag(metrics.registry, databases, clock);
  if (reactorName !== null) registerReactorLag(metrics.registry, databases, reactorName, clock);
  return metrics;
}

/** The projector process's metrics: Node's, and each projection's lag in events and seconds. */
export function createProjectorMetrics(databases: Databases, clock: () => Date): Registry {
  const registry = processRegistry();
  registerProjectionLag(registry, databases, clock);
  return registry;
}

/**
 * The worker process's metrics: Node's, and the reactor's lag in events and seconds
 * (`support_engine_reactor_lag_events` and `_seconds`, labelled by its checkpoint name) when
 * this process runs the reactor (`reactorName`). The
 * Temporal worker's own metrics come from the SDK's runtime (`TEMPORAL_METRICS_BIND`).
 */
export function createWorkerMetrics(databases: Databases, reactorName: string | null, clock: () => Date): Registry {
  const registry = processRegistry();
  if (reactorName !== null) registerReactorLag(registry, databases, reactorName, clock);
  return registry;
}
