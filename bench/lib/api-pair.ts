/**
 * What the API benchmarks share: the GraphQL API and a plain fastify baseline on one embedded
 * PostgreSQL, with the same logger, body limit and authenticator, and autocannon runs against
 * either (not a benchmark of its own).
 */
import {
  type ApiConfig,
  type ApiDeps,
  type ApiServer,
  createApiServer,
  createAuthenticator,
  createProjectionWaiter,
  defaultApiConfig,
} from '@support-engine/api';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { createReadModelDb, migrateReadModels } from '@support-engine/projections';
import { startPostgres } from '@support-engine/servers';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { pino } from 'pino';
import { median } from './measure.js';

/** The JWT secret both servers verify tokens with. */
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret';

/** Throughput and latency of one autocannon run. */
export interface Measured {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Starts PostgreSQL, migrates it, and builds the API and a bare fastify beside it (add the
 * baseline's route before `listen`); `authenticate` is the API's own, for the baseline to verify
 * the same tokens; `anotherApi` builds one more API server on the same database with some
 * settings changed; `close` stops it all. `extraDeps` go to every API server built (e.g. an
 * `attachmentStorage`, or the desk's `deskDir`); the caller owns them. `overrides` change settings of the first API.
 */
export async function startApiPair(
  extraDeps: Pick<ApiDeps, 'attachmentStorage' | 'deskDir' | 'widgetDir' | 'helpCenterHandler'> = {},
  overrides: Partial<ApiConfig> = {},
) {
  const postgres = await startPostgres();
  const store = createPostgresEventStore({ connectionString: postgres.url });
  const db = createReadModelDb(postgres.url, { maxConnections: 10 });
  // Both servers log through the same logger, at a level that drops per-request lines.
  const logger = pino({ level: 'warn' });
  const configOf = (overrides: Partial<ApiConfig>) =>
    defaultApiConfig({
      environment: 'production',
      auth: { mode: 'hs256', secret: BENCH_SECRET },
      rateLimit: { max: 1e9, windowMs: 60_000 },
      ...overrides,
    });
  const servers: ApiServer[] = [];
  const anotherApi = async (overrides: Partial<ApiConfig> = {}) => {
    const server = await createApiServer(
      {
        store,
        db,
        connectionString: postgres.url,
        waiter: createProjectionWaiter(db),
        logger,
        clock: () => new Date(),
        ...extraDeps,
      },
      configOf(overrides),
    );
    servers.push(server);
    return server;
  };
  const api = await anotherApi(overrides);
  const config = configOf({});
  const baseline = Fastify({ loggerInstance: logger, bodyLimit: config.bodyLimit });
  await migrateEventStore(store.db);
  await migrateReadModels(db);
  return {
    db,
    store,
    connectionString: postgres.url,
    api,
    anotherApi,
    baseline,
    authenticate: createAuthenticator(config.auth),
    async close() {
      for (const server of servers) await server.close();
      await baseline.close();
      await db.destroy();
      await store.close();
      await postgres.stop();
    },
  };
}

/** Where a run sends its requests: one body, or a pool each connection cycles through. */
export interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly bodies: readonly string[];
}

/** One autocannon run against `target`; any non-2xx answer, error or timeout fails the bench. */
export async function measure(
  target: Target,
  options: { seconds: number; connections: number; rate?: number },
): Promise<Measured> {
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    method: 'POST',
    ...(target.bodies.length === 1
      ? { body: target.bodies[0] }
      : { requests: target.bodies.map((body) => ({ method: 'POST' as const, body })) }),
    duration: options.seconds,
    connections: options.connections,
    // In its own thread: the load generator must not compete for the servers' event loop.
    workers: 1,
    ...(options.rate ? { overallRate: options.rate } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(`${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}

/** The medians of several runs, field by field. */
export const medianOf = (runs: readonly Measured[]): Measured => ({
  requestsPerSecond: median(runs.map((m) => m.requestsPerSecond)),
  p50Ms: median(runs.map((m) => m.p50Ms)),
  p99Ms: median(runs.map((m) => m.p99Ms)),
});

/** A result line: `name  req/s  p50  p99`. */
export const measuredLine = (name: string, m: Measured) =>
  `${name.padEnd(9)} ${m.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${String(m.p50Ms).padStart(4)} ms   p99 ${String(m.p99Ms).padStart(4)} ms`;
