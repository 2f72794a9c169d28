import { Client, Connection } from '@temporalio/client';
import { loadApiCommandConfig } from '../config.js';
import type { CliIo } from '../io.js';
import { startApi } from '../services/api.js';
import { migrateAll, openDatabases } from '../services/databases.js';
import { sealVerification } from '../services/seals.js';
import { createTemporalSlaLookup, slaSettingsOf } from '../services/sla.js';
import { serve } from './serve.js';

/**
 * `support-engine api`: the GraphQL API with `/healthz` and `/readyz`, configured from the
 * environment; with METRICS_PORT, `/metrics` (process, commands, projection lag) and `/healthz`
 * on that port. Temporal is only needed for live SLA queries, so it connects lazily: the API
 * starts and serves everything else while Temporal is unreachable.
 */
export async function runApi(io: CliIo): Promise<number> {
  const { runtime: config, api: apiConfig } = loadApiCommandConfig(io.env);
  return serve(config, async (logger) => {
    const databases = openDatabases(config.worker.databaseUrl, await sealVerification(config.seals));
    await migrateAll(databases);
    const { address, namespace } = config.worker.temporal;
    const client = new Client({ connection: Connection.lazy({ address }), namespace });
    const api = await startApi({
      databases,
      config: apiConfig,
      logger,
      listen: config.http,
      readiness: config.readiness,
      delivery: config.delivery,
      sla: createTemporalSlaLookup(client),
      slaSettings: slaSettingsOf(config),
      attachments: { store: config.attachments },
      metrics: config.metrics,
    });
    return {
      // Announced once SIGTERM stops it gracefully (see serve).
      ready: () =>
        logger
          .child({ component: 'api' })
          .info({ url: api.url, metrics: api.opsUrl, temporal: address }, 'API listening'),
      async stop() {
        await api.app.close();
        await client.connection.close();
        await databases.close();
      },
    };
  });
}
