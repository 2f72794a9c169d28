import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { freePort, type RunningDevServer, startTemporalDevServer } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The worker and the projector as separate processes, each with its ops endpoint (METRICS_PORT)
// and the worker with the Temporal runtime's own metrics (TEMPORAL_METRICS_BIND): what a
// Prometheus scraping a production layout reads.

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

let databaseUrl: string;
let temporal: RunningDevServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  databaseUrl = await createTestDatabase('cli_ops_metrics');
  temporal = await startTemporalDevServer({ ui: false });
  // The log's tables, as the worker's first migration would leave them.
  const store = createPostgresEventStore({ connectionString: databaseUrl, listen: false });
  await migrateEventStore(store.db);
  await store.close();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await temporal?.stop();
});

/** Starts `support-engine <command>` from the sources with `env` over a minimal environment. */
function start(command: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN, command], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return child;
}

/** The body of `url` once it answers 200, polled for up to a minute (the worker bundles its workflows first). */
async function scrape(url: string, child: ChildProcess, stderr: () => string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}): ${stderr()}`);
    const response = await fetch(url).catch(() => null);
    if (response?.ok) return response.text();
    if (Date.now() > deadline) throw new Error(`${url} did not answer within a minute: ${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stopped(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

const captured = (child: ChildProcess) => {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
};

describe('ops endpoints of the worker and the projector', () => {
  it('the worker serves its reactor lag and process metrics, and the Temporal runtime its own', async () => {
    const [metricsPort, temporalPort] = [await freePort(), await freePort()];
    const reactor = `ops-reactor-${randomUUID()}`;
    const worker = start('worker', {
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
      TEMPORAL_METRICS_BIND: `127.0.0.1:${temporalPort}`,
    });
    const stderr = captured(worker);
    expect(await scrape(`http://127.0.0.1:${metricsPort}/healthz`, worker, stderr)).toBe('{"status":"ok"}');
    const metrics = await scrape(`http://127.0.0.1:${metricsPort}/metrics`, worker, stderr);
    expect(metrics).toMatch(new RegExp(`^support_engine_reactor_lag_events\\{reactor="${reactor}"\\} \\d+$`, 'm'));
    expect(metrics).toMatch(new RegExp(`^support_engine_reactor_lag_seconds\\{reactor="${reactor}"\\} [\\d.]+$`, 'm'));
    expect(metrics).toMatch(/^support_engine_process_cpu_user_seconds_total \d/m);
    const runtime = await scrape(`http://127.0.0.1:${temporalPort}/metrics`, worker, stderr);
    expect(runtime).toMatch(/^temporal_\w+/m);
    expect(runtime).toContain('temporal_worker_start_total');
    expect(await stopped(worker)).toBe(0);
  }, 120_000);

  it('the projector serves each projection’s lag and its process metrics', async () => {
    const metricsPort = await freePort();
    const projector = start('projector', {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
    });
    const stderr = captured(projector);
    const metrics = await scrape(`http://127.0.0.1:${metricsPort}/metrics`, projector, stderr);
    for (const projection of ['tickets', 'chats', 'agents', 'articles'])
      expect(metrics).toMatch(
        new RegExp(`^support_engine_projection_lag_events\\{projection="${projection}"\\} \\d+$`, 'm'),
      );
    expect(metrics).toMatch(/^support_engine_nodejs_heap_size_used_bytes \d/m);
    const missing = await fetch(`http://127.0.0.1:${metricsPort}/nothing`);
    expect(missing.status).toBe(404);
    expect(await stopped(projector)).toBe(0);
  }, 120_000);
});
