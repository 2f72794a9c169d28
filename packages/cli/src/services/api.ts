import { resolve } from 'node:path';
import {
  type ApiConfig,
  type ApiServer,
  type AttachmentStoreConfig,
  createApiServer,
  createProjectionWaiter,
  openAttachmentStorage,
  type SlaLookup,
  type SlaSettings,
} from '@support-engine/api';
import type { DeliveryConfig } from '@support-engine/delivery';
import type { RuntimeConfig } from '../config.js';
import { deskBuildDir, widgetBuildDir } from '../desk.js';
import { loadHelpCenterHandler } from '../help-center.js';
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';
import { addHealthRoutes } from './health.js';
import { createProcessMetrics, type DeliveryMeter } from './metrics.js';
import { type OpsServer, startOpsServer } from './ops-server.js';
import { createReadinessCheck, type ReadinessLimits } from './readiness.js';

/** What {@link startApi} serves and where. */
export interface StartApiOptions {
  readonly databases: Databases;
  readonly config: ApiConfig;
  readonly logger: Logger;
  readonly listen: { readonly host: string; readonly port: number };
  /** When `/readyz` says the read models are too far behind. */
  readonly readiness: ReadinessLimits;
  /** What the API needs of delivery's configuration: the webhook key and SSRF rule, the VAPID public key. */
  readonly delivery: DeliveryConfig;
  /** Live SLA clocks; the API answers `null` for them without it. */
  readonly sla?: SlaLookup;
  /** The time commands happen at; the database's by default (`Databases.clock`). */
  readonly clock?: () => Date;
  /** The bootstrap SLA policy and whether timings may take any duration. */
  readonly slaSettings?: SlaSettings;
  /** Where attachment bytes go, and the local folder used when the configuration names none. */
  readonly attachments: { readonly store: AttachmentStoreConfig; readonly defaultDir?: string };
  /** The checkpoint name of the reactor this process also runs, whose lag `/metrics` then reports. */
  readonly reactorName?: string | null;
  /** The delivery service's measures, when this process runs it too, for `/metrics`. */
  readonly deliveryMeter?: DeliveryMeter | null;
  /**
   * Where the ops endpoint (`/metrics`, `/healthz`) listens, on the API's host: `METRICS_PORT`
   * (0: a free one), none when `null`; and how long its database readings are kept.
   */
  readonly metrics: Pick<RuntimeConfig['metrics'], 'port' | 'cacheMs'>;
}

/** A listening API and its base address. */
export interface RunningApi {
  readonly app: ApiServer;
  /** e.g. `http://127.0.0.1:4000` (the port the OS chose when asked for 0). */
  readonly url: string;
  /** The ops endpoint's base URL (its `/metrics` and `/healthz`), or `null` when it has none. */
  readonly opsUrl: string | null;
}

/** Where attachment bytes go when the configuration names no folder (from the working directory). */
export const DEFAULT_ATTACHMENTS_DIR = 'data/attachments';

/**
 * Starts the GraphQL API with the health and readiness probes, listening on `listen`, and its ops
 * endpoint on `metrics.port`, as the worker and the projector serve theirs: never on the API's
 * port, where any client could make each scrape read the database. Closing the API closes its
 * ops endpoint.
 */
export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const { databases, delivery } = options;
  const logger = options.logger.child({ component: 'api' });
  const clock = options.clock ?? databases.clock;
  const metrics = createProcessMetrics(
    { databases, clock, cacheMs: options.metrics.cacheMs },
    options.reactorName ?? null,
    options.deliveryMeter ?? null,
  );
  const deskDir = deskBuildDir();
  const widgetDir = widgetBuildDir();
  const helpCenterHandler = options.config.publicHelpCenter ? await loadHelpCenterHandler() : undefined;
  const attachmentStorage = await openAttachmentStorage(
    options.attachments.store,
    options.attachments.defaultDir ?? resolve(DEFAULT_ATTACHMENTS_DIR),
  );
  const app = await createApiServer(
    {
      store: databases.store,
      db: databases.db,
      connectionString: databases.url,
      waiter: createProjectionWaiter(databases.db),
      logger,
      clock,
      ...(options.sla ? { sla: options.sla } : {}),
      ...(options.slaSettings ? { slaSettings: options.slaSettings } : {}),
      attachmentStorage,
      metrics,
      ...(deskDir === undefined ? {} : { deskDir }),
      ...(widgetDir === undefined ? {} : { widgetDir }),
      ...(helpCenterHandler === undefined ? {} : { helpCenterHandler }),
      delivery: {
        db: databases.delivery,
        notifier: delivery.name,
        webhookSecretKey: delivery.webhooks?.secretKey ?? null,
        allowPrivateWebhooks: delivery.allowPrivateWebhooks,
        allowPrivatePush: delivery.allowPrivatePush,
        vapidPublicKey: delivery.push?.vapid.publicKey ?? null,
        emailConfirmation: delivery.emailConfirmation,
      },
    },
    options.config,
  );
  addHealthRoutes(app, createReadinessCheck(databases, options.readiness));
  let ops: OpsServer | null = null;
  try {
    if (options.metrics.port !== null) {
      const opened = await startOpsServer({
        host: options.listen.host,
        port: options.metrics.port,
        registry: metrics.registry,
        logger,
      });
      ops = opened;
      app.addHook('onClose', () => opened.close());
    }
    await app.listen(options.listen);
  } catch (error) {
    // A port already taken: what started is stopped (the ops endpoint with the API).
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.listen.port;
  const host = options.listen.host === '0.0.0.0' || options.listen.host === '::' ? '127.0.0.1' : options.listen.host;
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, opsUrl: ops?.url ?? null };
}
