import { bundleWorkflows, runWorker, temporalLoggerFrom } from '@support-engine/workflows';
import { loadRuntimeConfig } from '../config.js';
import type { CliIo } from '../io.js';
import { createLogger } from '../logger.js';
import { migrateAll, openDatabases } from '../services/databases.js';
import { runConfiguredDelivery } from '../services/delivery.js';
import { createDeliveryMeter, createWorkerMetrics } from '../services/metrics.js';
import { startConfiguredOpsServer } from '../services/ops-server.js';
import { runRouterService, runSlaReplannerService } from '../services/router.js';
import { runSealerService } from '../services/seals.js';
import { installTemporalRuntime } from '../temporal-runtime.js';
import { serve } from './serve.js';

/**
 * `support-engine worker`: the Temporal worker of the ticket and chat workflows and, unless
 * REACTOR_ENABLED=false, the reactor that feeds them from the log; and, unless
 * ROUTER_ENABLED=false, the router (one active per database, the others on standby); the SLA
 * re-planner (likewise one active per database); and, with
 * SEAL_FILE and SEAL_KEY_FILE, the sealer (likewise one active per database); and, unless
 * DELIVERY_ENABLED=false, the notifier (one active per database) and the channels' dispatchers.
 * With METRICS_PORT, `/metrics` (process, reactor lag) and `/healthz`; with
 * TEMPORAL_METRICS_BIND, the Temporal runtime's own metrics.
 */
export async function runWorkerCommand(io: CliIo): Promise<number> {
  const config = loadRuntimeConfig(io.env);
  const logger = createLogger(config.worker.logLevel, config.logFormat);
  installTemporalRuntime(logger, config.metrics.temporalBind);
  return serve(
    config,
    async (_logger, tracing) => {
      // The worker's activities append to the log, so the log's tables must exist first.
      const databases = openDatabases(config.worker.databaseUrl);
      try {
        await migrateAll(databases);
      } catch (error) {
        await databases.close();
        throw error;
      }
      const reactorName = config.worker.reactor.enabled ? config.worker.reactor.name : null;
      const deliveryMeter = config.delivery.enabled ? createDeliveryMeter() : null;
      const workerLogger = logger.child({ component: 'worker' });
      let ops: Awaited<ReturnType<typeof startConfiguredOpsServer>> | undefined;
      let worker: Awaited<ReturnType<typeof runWorker>>;
      try {
        // Before the workflows are bundled (seconds): a METRICS_PORT already taken is said at once.
        ops = await startConfiguredOpsServer(
          config,
          () =>
            createWorkerMetrics(
              { databases, clock: databases.clock, cacheMs: config.metrics.cacheMs },
              reactorName,
              deliveryMeter,
            ),
          workerLogger,
        );
        worker = await runWorker(config.worker, {
          logger: workerLogger,
          ...(tracing === null ? {} : { tracing: tracing.workflowSpans }),
          // Prebuilt (WORKFLOW_BUNDLE_FILE), or bundled here rather than by the SDK, so webpack's
          // build report stays below INFO.
          workflowBundle:
            config.worker.workflowBundleFile === null
              ? await bundleWorkflows(temporalLoggerFrom(logger.child({ component: 'bundler' }, { level: 'warn' })))
              : { codePath: config.worker.workflowBundleFile },
        });
      } catch (error) {
        await ops?.close();
        await databases.close();
        throw error;
      }
      const routing = new AbortController();
      const router = config.router.enabled
        ? runRouterService(databases, config.router, logger.child({ component: 'router' }), routing.signal)
        : Promise.resolve();
      const replanner = runSlaReplannerService(
        databases,
        config.worker.ticket.timings,
        logger.child({ component: 'sla-replanner' }),
        routing.signal,
      );
      const delivering = new AbortController();
      const delivery = runConfiguredDelivery(databases, config.delivery, logger, delivering.signal, deliveryMeter, {
        store: config.attachments,
      });
      const sealing = new AbortController();
      const sealer = runSealerService(databases, config.seals, logger.child({ component: 'sealer' }), sealing.signal);
      return {
        stop: async () => {
          routing.abort();
          await router;
          await replanner;
          delivering.abort();
          await delivery;
          await worker.shutdown();
          sealing.abort();
          await sealer;
          await ops?.close();
          await databases.close();
        },
        ended: worker.done,
        // Announced once SIGTERM stops it gracefully (see `serve`).
        ready: () =>
          logger
            .child({ component: 'worker' })
            .info({ ...config.worker.temporal, reactor: reactorName !== null }, 'worker started'),
      };
    },
    logger,
  );
}
