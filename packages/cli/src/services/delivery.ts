import { resolve } from 'node:path';
import { type AttachmentStoreConfig, openAttachmentStorage } from '@support-engine/api';
import {
  type AttachmentSource,
  type DeliveryConfig,
  type DeliveryServiceOptions,
  runDeliveryService,
} from '@support-engine/delivery';
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';
import type { DeliveryMeter } from './metrics.js';
import { runRestarting } from './restarting.js';

/** Where attachment bytes are kept (the API's `ATTACHMENT_*` settings), which mail reads files from. */
export interface DeliveryAttachments {
  readonly store: AttachmentStoreConfig;
  /** The folder of a local store that names none (`./data/attachments` by default). */
  readonly defaultDir?: string | undefined;
}

/**
 * Runs delivery ({@link runDeliveryServiceLoop}, logging as the `delivery` component, its
 * attempts counted by `meter`) when the configuration enables it; resolves at once otherwise.
 * With email on, the attachment storage is opened so that an agent's reply mailed into its
 * conversation carries its files.
 */
export async function runConfiguredDelivery(
  databases: Databases,
  config: DeliveryConfig & { readonly enabled: boolean },
  logger: Logger,
  signal: AbortSignal,
  meter: DeliveryMeter | null,
  attachments?: DeliveryAttachments,
): Promise<void> {
  if (!config.enabled) return;
  const storage =
    attachments === undefined || config.email === null
      ? undefined
      : await openAttachmentStorage(attachments.store, attachments.defaultDir ?? resolve('data', 'attachments'));
  await runDeliveryServiceLoop(
    databases,
    config,
    logger.child({ component: 'delivery' }),
    signal,
    meter?.onSettled,
    storage,
  );
}

/**
 * Runs the notifier and the dispatchers until `signal` aborts, restarting them after a failure.
 * Every worker process runs this: the notifier's lock keeps all but one notifier on standby, and
 * the dispatchers share the outbox.
 */
export async function runDeliveryServiceLoop(
  databases: Databases,
  config: DeliveryConfig,
  logger: Logger,
  signal: AbortSignal,
  onSettled?: DeliveryServiceOptions['onSettled'],
  attachments?: AttachmentSource,
): Promise<void> {
  const options = {
    store: databases.store,
    db: databases.delivery,
    connectionString: databases.url,
    config,
    logger,
    ...(onSettled ? { onSettled } : {}),
    ...(attachments ? { attachments } : {}),
  };
  await runRestarting('delivery', (running) => runDeliveryService(options, running), logger, signal);
}
