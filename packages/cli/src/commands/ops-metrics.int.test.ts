import { randomUUID } from 'node:crypto';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { freePort, type RunningDevServer, startTemporalDevServer } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killEngineProcesses, startEngineProcess, whenServing } from '../testing/processes.fixture.js';

// The worker and the projector as separate processes, each with its ops endpoint (METRICS_PORT)
// and the worker with the Temporal runtime's own metrics (TEMPORAL_METRICS_BIND): what a
// Prometheus scraping a production layout reads.

let databaseUrl: string;
let temporal: RunningDevServer;

beforeAll(async () => {
  databaseUrl = await createTestDatabase('cli_ops_metrics');
  temporal = await startTemporalDevServer({ ui: false });
  // The log's tables, as the worker's first migration would leave them.
  const store = createPostgresEventStore({ connectionString: databaseUrl, listen: false });
  await migrateEventStore(store.db);
  await store.close();
}, 120_000);

afterAll(async () => {
  await killEngineProcesses();
  await temporal?.stop();
});

/** A worker with its own task queue and reactor, its ops endpoint on `metricsPort`; no router, no delivery. */
function startWorker(metricsPort: number, reactor: string, env: Record<string, string> = {}) {
  return startEngineProcess('worker', {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: `ops-${randomUUID()}`,
    UPSERT_SEARCH_ATTRIBUTES: 'false',
    REACTOR_NAME: reactor,
    ROUTER_ENABLED: 'false',
    DELIVERY_ENABLED: 'false',
    HOST: '127.0.0.1',
    METRICS_PORT: String(metricsPort),
    ...env,
  });
}

describe('ops endpoints of the worker and the projector', () => {
  it('the worker serves its reactor lag and process metrics, and the Temporal runtime its own', async () => {
    const [metricsPort, temporalPort] = [await freePort(), await freePort()];
    const reactor = `ops-reactor-${randomUUID()}`;
    const worker = startWorker(metricsPort, reactor, { TEMPORAL_METRICS_BIND: `127.0.0.1:${temporalPort}` });
    // The ops endpoint answers before the workflows are bundled; the reactor's lag once it runs.
    expect(await whenServing(`http://127.0.0.1:${metricsPort}/healthz`, worker)).toBe('{"status":"ok"}');
    await expect
      .poll(() => whenServing(`http://127.0.0.1:${metricsPort}/metrics`, worker), { timeout: 90_000, interval: 500 })
      .toMatch(/^support_engine_reactor_lag_events/m);
    const metrics = await whenServing(`http://127.0.0.1:${metricsPort}/metrics`, worker);
    expect(metrics).toMatch(new RegExp(`^support_engine_reactor_lag_events\\{reactor="${reactor}"\\} \\d+$`, 'm'));
    expect(metrics).toMatch(new RegExp(`^support_engine_reactor_lag_seconds\\{reactor="${reactor}"\\} [\\d.]+$`, 'm'));
    expect(metrics).toMatch(/^support_engine_process_cpu_user_seconds_total \d/m);
    // The Temporal runtime's own, once the worker has started.
    await expect
      .poll(() => whenServing(`http://127.0.0.1:${temporalPort}/metrics`, worker), { timeout: 90_000, interval: 500 })
      .toContain('temporal_worker_start_total');
    const runtime = await whenServing(`http://127.0.0.1:${temporalPort}/metrics`, worker);
    expect(runtime).toMatch(/^temporal_\w+/m);
    expect(await worker.stop()).toBe(0);
    // Every line it logged names the component it came from; webpack's build report is not one.
    const lines = worker
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { component?: string; msg: string });
    expect(lines.filter((line) => line.component === undefined)).toEqual([]);
    expect(lines.filter((line) => line.msg.includes('webpack') || line.msg.includes('asset workflow-bundle'))).toEqual(
      [],
    );
  }, 120_000);

  it('stops gracefully on a SIGTERM sent while it still starts (its ops endpoint answers before the workflows are bundled)', async () => {
    const metricsPort = await freePort();
    const worker = startWorker(metricsPort, `ops-reactor-${randomUUID()}`);
    expect(await whenServing(`http://127.0.0.1:${metricsPort}/healthz`, worker)).toBe('{"status":"ok"}');
    // Not the default kill (no exit code): the stop it asked for, once started.
    expect(await worker.stop()).toBe(0);
  }, 120_000);

  it('the projector serves each projection’s lag and its process metrics', async () => {
    const metricsPort = await freePort();
    const projector = startEngineProcess('projector', {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
    });
    const metrics = await whenServing(`http://127.0.0.1:${metricsPort}/metrics`, projector);
    for (const projection of ['tickets', 'chats', 'agents', 'articles'])
      expect(metrics).toMatch(
        new RegExp(`^support_engine_projection_lag_events\\{projection="${projection}"\\} \\d+$`, 'm'),
      );
    expect(metrics).toMatch(/^support_engine_nodejs_heap_size_used_bytes \d/m);
    const missing = await fetch(`http://127.0.0.1:${metricsPort}/nothing`);
    expect(missing.status).toBe(404);

    // A second projector on the same port says so in one line, without a stack trace.
    const second = startEngineProcess('projector', {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
    });
    expect(await second.exited()).toBe(1);
    expect(second.stderr().trim()).toBe(
      `support-engine: 127.0.0.1:${metricsPort} is already in use: stop what holds it, or move this process (PORT for the API, METRICS_PORT for the ops endpoint of any process)`,
    );
    expect(await projector.stop()).toBe(0);
    // Every line it logged, its stop included, names the component it came from.
    const lines = projector
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { component?: string; msg: string });
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['projectors running', 'stopped']));
    expect(lines.filter((line) => line.component === undefined)).toEqual([]);
  }, 120_000);
});
