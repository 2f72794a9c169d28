import { type DeliveryConfig, type DeliveryServiceOptions, runDeliveryService } from '@support-engine/delivery';
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';
import type { DeliveryMeter } from './metrics.js';
import { runRestarting } from './restarting.js';

/**
 * Runs delivery ({@link runDeliveryServiceLoop}, logging as the `delivery` component, its
 * attempts counted by `meter`) when the configuration enables it; resolves at once otherwise.
 */
export function runConfiguredDelivery(
  databases: Databases,
  config: DeliveryConfig & { readonly enabled: boolean },
  logger: Logger,
  signal: AbortSignal,
  meter: DeliveryMeter | null,
): Promise<void> {
  if (!config.enabled) return Promise.resolve();
  return runDeliveryServiceLoop(databases, config, logger.child({ component: 'delivery' }), signal, meter?.onSettled);
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
): Promise<void> {
  const options = {
    store: databases.store,
    db: databases.delivery,
    connectionString: databases.url,
    config,
    logger,
    ...(onSettled ? { onSettled } : {}),
  };
  await runRestarting('delivery', (running) => runDeliveryService(options, running), logger, signal);
}
