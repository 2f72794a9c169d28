import { loadRuntimeConfig } from '../config.js';
import type { CliIo } from '../io.js';
import { migrateAll, openDatabases } from '../services/databases.js';
import { createProjectorMetrics } from '../services/metrics.js';
import { startConfiguredOpsServer } from '../services/ops-server.js';
import { projectionsOptionsOf, runProjectors } from '../services/projectors.js';
import { serve } from './serve.js';

/**
 * `support-engine projector`: keeps every read model up to date. Run two for failover: the
 * second waits as a standby on each projection's advisory lock. With METRICS_PORT, `/metrics`
 * (process, each projection's lag) and `/healthz`.
 */
export async function runProjectorCommand(io: CliIo): Promise<number> {
  const config = loadRuntimeConfig(io.env);
  return serve(config, async (root) => {
    const logger = root.child({ component: 'projector' });
    const databases = openDatabases(config.worker.databaseUrl);
    await migrateAll(databases);
    const abort = new AbortController();
    const running = runProjectors(databases, projectionsOptionsOf(config), logger, abort.signal);
    const ops = await startConfiguredOpsServer(
      config,
      () => createProjectorMetrics({ databases, clock: databases.clock, cacheMs: config.metrics.cacheMs }),
      logger,
    );
    return {
      ready: () => logger.info('projectors running'),
      async stop() {
        abort.abort();
        await running;
        await ops?.close();
        await databases.close();
      },
    };
  });
}
