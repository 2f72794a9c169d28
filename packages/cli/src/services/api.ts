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
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';
import { addHealthRoutes } from './health.js';
import { createProcessMetrics, type DeliveryMeter } from './metrics.js';
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
  /** The time commands happen at; the system clock by default. */
  readonly clock?: () => Date;
  /** The bootstrap SLA policy and whether timings may take any duration. */
  readonly slaSettings?: SlaSettings;
  /** Where attachment bytes go, and the local folder used when the configuration names none. */
  readonly attachments: { readonly store: AttachmentStoreConfig; readonly defaultDir?: string };
  /** The checkpoint name of the reactor this process also runs, whose lag `/metrics` then reports. */
  readonly reactorName?: string | null;
  /** The delivery service's measures, when this process runs it too, for `/metrics`. */
  readonly deliveryMeter?: DeliveryMeter | null;
}

/** A listening API and its base address. */
export interface RunningApi {
  readonly app: ApiServer;
  /** e.g. `http://127.0.0.1:4000` (the port the OS chose when asked for 0). */
  readonly url: string;
}

/** Starts the GraphQL API with the health and readiness probes, listening on `listen`. */
export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const { databases, logger, delivery } = options;
  const attachmentStorage = await openAttachmentStorage(
    options.attachments.store,
    options.attachments.defaultDir ?? resolve('data', 'attachments'),
  );
  const app = await createApiServer(
    {
      store: databases.store,
      db: databases.db,
      connectionString: databases.url,
      waiter: createProjectionWaiter(databases.db),
      logger: logger.child({ component: 'api' }),
      clock: options.clock ?? (() => new Date()),
      ...(options.sla ? { sla: options.sla } : {}),
      ...(options.slaSettings ? { slaSettings: options.slaSettings } : {}),
      attachmentStorage,
      metrics: createProcessMetrics(
        databases,
        options.clock ?? (() => new Date()),
        options.reactorName ?? null,
        options.deliveryMeter ?? null,
      ),
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
  await app.listen(options.listen);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.listen.port;
  const host = options.listen.host === '0.0.0.0' || options.listen.host === '::' ? '127.0.0.1' : options.listen.host;
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
