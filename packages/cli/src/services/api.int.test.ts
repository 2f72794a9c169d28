import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultApiConfig } from '@support-engine/api';
import { createProjections } from '@support-engine/projections';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadRuntimeConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startApi } from './api.js';
import { type Databases, migrateAll, openDatabases } from './databases.js';

// Anyone who reaches the API may call it: the metrics, whose every scrape reads the database, are
// served apart (the ops port an operator routes to the scraper only), their readings kept a while.

let databases: Databases | undefined;
let attachmentsDir: string | undefined;
afterAll(async () => {
  await databases?.close();
  if (attachmentsDir) await rm(attachmentsDir, { recursive: true, force: true });
});

describe("the API process's metrics", () => {
  it('are served on the ops port only, and a burst of scrapes within METRICS_CACHE_MS reads the lags once', async () => {
    const url = await createTestDatabase('cli_api_metrics');
    databases = openDatabases(url);
    await migrateAll(databases);
    attachmentsDir = await mkdtemp(join(tmpdir(), 'cli-api-metrics-'));
    const runtime = loadRuntimeConfig({ DATABASE_URL: url });
    // The lag query: one count per projection and reading, on the real log.
    const lagQueries = vi.spyOn(databases.store, 'countAfter');
    const api = await startApi({
      databases,
      config: defaultApiConfig({ environment: 'production', auth: { mode: 'hs256', secret: 'x'.repeat(40) } }),
      logger: createLogger('silent', 'json'),
      listen: { host: '127.0.0.1', port: 0 },
      readiness: runtime.readiness,
      delivery: runtime.delivery,
      attachments: { store: runtime.attachments, defaultDir: attachmentsDir },
      metrics: { port: 0, cacheMs: 60_000 },
    });
    try {
      const onApiPort = await fetch(`${api.url}/metrics`);
      expect(onApiPort.status).toBe(404);
      expect(await onApiPort.text()).not.toContain('support_engine_');
      expect(api.opsUrl).not.toBeNull();
      const scrape = async () => {
        const response = await fetch(`${api.opsUrl}/metrics`);
        expect(response.status).toBe(200);
        return response.text();
      };
      const first = await scrape();
      expect(first).toMatch(/^support_engine_projection_lag_events\{projection="tickets"\} 0$/m);
      expect(first).toMatch(/^support_engine_process_cpu_user_seconds_total \d/m);
      // One after the other: each would read afresh if the reading were not kept.
      for (let i = 0; i < 20; i++) expect(await scrape()).toContain('support_engine_projection_lag_readable 1');
      expect(lagQueries).toHaveBeenCalledTimes(createProjections().length);
      expect((await fetch(`${api.opsUrl}/healthz`)).status).toBe(200);
    } finally {
      await api.app.close();
    }
    // Closing the API closes its ops endpoint.
    await expect(fetch(`${api.opsUrl}/metrics`)).rejects.toThrow();
  });
});
