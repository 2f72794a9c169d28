import { type ApiMetrics, createApiMetrics } from '@support-engine/api';
import { type AttemptResult, type DeliveryChannel, pendingBacklog } from '@support-engine/delivery';
import type { Checkpoint } from '@support-engine/eventstore';
import { createPostgresReactorCheckpoints } from '@support-engine/workflows';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Databases } from './databases.js';
import { oldestWaitSeconds, projectionPositions } from './projection-lag.js';

/** Most events a scrape counts behind a position: past it the gauge reads this many. */
export const LAG_COUNT_LIMIT = 100_000;

/** What the measures read the database with, and for how long a reading is served again. */
export interface MetricsReading {
  readonly databases: Databases;
  readonly clock: () => Date;
  /** How long, in ms, a reading is served again once it settled (`METRICS_CACHE_MS`); 0: only within its scrape. */
  readonly cacheMs: number;
}

/**
 * `read`, shared by the gauges of one scrape (prom-client collects them together) and by every
 * scrape within `keepMs` after it settled: a burst of scrapes costs the database one reading. A
 * reading that fails (the database is unreachable) is `null`, and the gauges it feeds are left
 * out rather than failing the whole scrape: the counters kept in memory are what an operator needs
 * most during an outage.
 */
function keptReading<T>(read: () => Promise<T>, keepMs: number): () => Promise<T | null> {
  let reading: Promise<T | null> | undefined;
  return () => {
    if (reading !== undefined) return reading;
    const current: Promise<T | null> = read()
      .catch(() => null)
      .finally(() => {
        setTimeout(() => {
          if (reading === current) reading = undefined;
        }, keepMs).unref();
      });
    reading = current;
    return current;
  };
}

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
 * up), labelled by the position's name, read at a scrape and kept for `cacheMs` (see {@link keptReading}).
 */
function registerLag(
  registry: Registry,
  subject: 'projection' | 'reactor',
  { databases, clock, cacheMs }: MetricsReading,
  positions: () => Promise<Position[]>,
): void {
  const lags = async () =>
    Promise.all(
      (await positions()).map(async ({ name, checkpoint, behind }) => ({
        name,
        behind,
        waitedSeconds: await oldestWaitSeconds(databases, checkpoint, clock()),
      })),
    );
  const read = keptReading(lags, cacheMs);
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

function registerProjectionLag(registry: Registry, reading: MetricsReading): void {
  const positions = projectionPositions(reading.databases, LAG_COUNT_LIMIT);
  registerLag(registry, 'projection', reading, async () =>
    (await positions()).map(({ projection, ...position }) => ({ name: projection, ...position })),
  );
}

/**
 * The delivery service's measures, for the registry of the process that runs it: each recorded
 * attempt counted by channel and outcome (`support_engine_delivery_attempts_total`: `delivered`,
 * `retrying`, `dead`), and at every scrape the outbox's backlog per channel
 * (`support_engine_deliveries_pending`, `support_engine_delivery_oldest_pending_seconds`), left out
 * when the database cannot be read.
 */
export interface DeliveryMeter {
  /** What the dispatchers report each recorded set of attempts to. */
  readonly onSettled: (channel: DeliveryChannel, results: readonly AttemptResult[]) => void;
  /** Adds the measures to `registry` (once). */
  register(registry: Registry, reading: MetricsReading): void;
}

export function createDeliveryMeter(): DeliveryMeter {
  const attempts = new Counter({
    name: 'support_engine_delivery_attempts_total',
    help: 'Delivery attempts recorded, by channel and outcome: delivered, retrying (failed, tried again later) or dead (dead-lettered).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [],
  });
  return {
    onSettled(channel, results) {
      for (const result of results) {
        const outcome = result.outcome === 'delivered' ? 'delivered' : result.retryAt === null ? 'dead' : 'retrying';
        attempts.inc({ channel, outcome });
      }
    },
    register(registry, { databases, clock, cacheMs }) {
      registry.registerMetric(attempts);
      const read = keptReading(() => pendingBacklog(databases.delivery), cacheMs);
      const backlog = (name: string, help: string, value: (row: { pending: number; oldest: Date | null }) => number) =>
        new Gauge({
          name,
          help,
          labelNames: ['channel'] as const,
          registers: [registry],
          async collect() {
            const rows = await read();
            this.reset();
            for (const row of rows ?? []) this.set({ channel: row.channel }, value(row));
          },
        });
      backlog(
        'support_engine_deliveries_pending',
        'Deliveries waiting in the outbox to be sent or tried again, by channel.',
        (row) => row.pending,
      );
      backlog(
        'support_engine_delivery_oldest_pending_seconds',
        'How long the oldest delivery waiting in the outbox has waited, by channel.',
        (row) => (row.oldest === null ? 0 : Math.max(0, (clock().getTime() - row.oldest.getTime()) / 1000)),
      );
    },
  };
}

/** A registry with Node's process metrics, as every process reports them. */
function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'support_engine_' });
  return registry;
}

function registerReactorLag(registry: Registry, reading: MetricsReading, reactorName: string): void {
  const { store } = reading.databases;
  const checkpoints = createPostgresReactorCheckpoints(store.db);
  registerLag(registry, 'reactor', reading, async () => {
    const checkpoint = await checkpoints.load(reactorName);
    return [{ name: reactorName, checkpoint, behind: await store.countAfter(checkpoint, LAG_COUNT_LIMIT) }];
  });
}

/**
 * The API process's metrics: the API's own (process, commands), each projection's lag
 * (`support_engine_projection_lag_events` and `_seconds`) and, when the process also runs the
 * reactor (`reactorName`: the all-in-one `start` and `dev`), the reactor's, and the delivery
 * service's when it runs that too (`delivery`).
 */
export function createProcessMetrics(
  reading: MetricsReading,
  reactorName: string | null,
  delivery: DeliveryMeter | null = null,
): ApiMetrics {
  const metrics = createApiMetrics();
  registerProjectionLag(metrics.registry, reading);
  if (reactorName !== null) registerReactorLag(metrics.registry, reading, reactorName);
  delivery?.register(metrics.registry, reading);
  return metrics;
}

/** The projector process's metrics: Node's, and each projection's lag in events and seconds. */
export function createProjectorMetrics(reading: MetricsReading): Registry {
  const registry = processRegistry();
  registerProjectionLag(registry, reading);
  return registry;
}

/**
 * The worker process's metrics: Node's, and the reactor's lag in events and seconds
 * (`support_engine_reactor_lag_events` and `_seconds`, labelled by its checkpoint name) when
 * this process runs the reactor (`reactorName`), and the delivery service's measures when it runs
 * it (`delivery`). The Temporal worker's own metrics come from the SDK's runtime (`TEMPORAL_METRICS_BIND`).
 */
export function createWorkerMetrics(
  reading: MetricsReading,
  reactorName: string | null,
  delivery: DeliveryMeter | null = null,
): Registry {
  const registry = processRegistry();
  if (reactorName !== null) registerReactorLag(registry, reading, reactorName);
  delivery?.register(registry, reading);
  return registry;
}
