import type { ApiConfig } from '@support-engine/api';
import { bundleWorkflows, runWorker, temporalLoggerFrom, type WorkflowSpanExport } from '@support-engine/workflows';
import type { Client } from '@temporalio/client';
import type { NativeConnection, WorkflowBundle } from '@temporalio/worker';
import type { RuntimeConfig } from './config.js';
import type { Logger } from './logger.js';
import { type RunningApi, startApi } from './services/api.js';
import { migrateAll, openDatabases } from './services/databases.js';
import { runConfiguredDelivery } from './services/delivery.js';
import { createDeliveryMeter } from './services/metrics.js';
import { projectionsOptionsOf, runProjectors } from './services/projectors.js';
import { runRouterService, runSlaReplannerService } from './services/router.js';
import { runSealerService, sealVerification } from './services/seals.js';
import { createTemporalSlaLookup, slaSettingsOf } from './services/sla.js';

/** What {@link startEngine} composes. */
export interface EngineOptions {
  readonly config: RuntimeConfig;
  readonly api: ApiConfig;
  readonly logger: Logger;
  /**
   * The Temporal server to use: the worker polls on `connection`; the reactor and the API's
   * SLA lookups use `client`. The caller owns both (e.g. the dev server's or a test server's).
   */
  readonly temporal: { readonly connection: NativeConnection; readonly client: Client };
  /** A pre-built workflow bundle, so tests bundle once per file. */
  readonly workflowBundle?: WorkflowBundle;
  /** Where the workflows' spans go, when the process traces. */
  readonly tracing?: WorkflowSpanExport;
  /** The time API commands happen at (tests follow the time-skipping server's clock). */
  readonly clock?: () => Date;
  /** The attachments folder when the configuration names none (`./data/attachments` by default). */
  readonly attachmentsDir?: string;
}

/** The whole engine in one process. */
export interface RunningEngine {
  readonly api: RunningApi;
  /** Settles when the worker has stopped; rejects if it failed on its own. */
  readonly ended: Promise<void>;
  /**
   * Stops in dependency order: the API stops accepting requests (in-flight ones finish), then the
   * projectors, delivery, the router, then the reactor and the worker (in-flight tasks finish), then the pools.
   */
  stop(): Promise<void>;
}

/**
 * Migrates the database, then starts the worker with its reactor, the router, the sealer, the
 * notifier and dispatchers, one projector per projection and the API with its probes, all in this process (what `dev` runs, and
 * the end-to-end tests).
 */
export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const { config, logger } = options;
  const databases = openDatabases(config.worker.databaseUrl, await sealVerification(config.seals));
  const stops: Array<() => Promise<void>> = [() => databases.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  // Each part says when it has stopped, so the log shows the order the stop went in.
  const stopsAs = (component: string, stop: () => Promise<void>, what = 'stopped') =>
    stops.push(async () => {
      await stop();
      logger.child({ component }).info(what);
    });
  try {
    await migrateAll(databases);
    // Seals whatever the others appended until they stopped, so it stops after them.
    const sealing = new AbortController();
    const sealer = runSealerService(databases, config.seals, logger.child({ component: 'sealer' }), sealing.signal);
    stopsAs('sealer', async () => {
      sealing.abort();
      await sealer;
    });
    const worker = await runWorker(config.worker, {
      connection: options.temporal.connection,
      client: options.temporal.client,
      logger: logger.child({ component: 'worker' }),
      ...(options.tracing === undefined ? {} : { tracing: options.tracing }),
      // Bundled here rather than by the worker, so webpack's build report stays below INFO.
      workflowBundle:
        options.workflowBundle ??
        (await bundleWorkflows(temporalLoggerFrom(logger.child({ component: 'bundler' }, { level: 'warn' })))),
    });
    stopsAs('worker', () => worker.shutdown());

    const routing = new AbortController();
    const router = config.router.enabled
      ? runRouterService(databases, config.router, logger.child({ component: 'router' }), routing.signal, options.clock)
      : Promise.resolve();
    const replanner = runSlaReplannerService(
      databases,
      config.worker.ticket.timings,
      logger.child({ component: 'sla-replanner' }),
      routing.signal,
      options.clock,
    );
    stopsAs('router', async () => {
      routing.abort();
      await router;
      await replanner;
    });

    const delivering = new AbortController();
    const deliveryMeter = config.delivery.enabled ? createDeliveryMeter() : null;
    const delivery = runConfiguredDelivery(databases, config.delivery, logger, delivering.signal, deliveryMeter, {
      store: config.attachments,
      defaultDir: options.attachmentsDir,
    });
    stopsAs('delivery', async () => {
      delivering.abort();
      await delivery;
    });

    const projecting = new AbortController();
    const projectors = runProjectors(
      databases,
      projectionsOptionsOf(config),
      logger.child({ component: 'projector' }),
      projecting.signal,
    );
    stopsAs('projector', async () => {
      projecting.abort();
      await projectors;
    });

    const api = await startApi({
      databases,
      config: options.api,
      logger,
      listen: config.http,
      readiness: config.readiness,
      delivery: config.delivery,
      sla: createTemporalSlaLookup(options.temporal.client),
      slaSettings: slaSettingsOf(config),
      attachments: { store: config.attachments, defaultDir: options.attachmentsDir },
      reactorName: config.worker.reactor.enabled ? config.worker.reactor.name : null,
      deliveryMeter,
      metrics: config.metrics,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    stopsAs('api', () => api.app.close(), 'stopped taking requests (those in flight answered)');

    let stopping: Promise<void> | undefined;
    return {
      api,
      ended: worker.done,
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
