import { setTimeout as sleep } from 'node:timers/promises';
import { type DeliveryConfig, runDeliveryService } from '@support-engine/delivery';
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';

/** How long failed delivery waits before it starts again (e.g. while PostgreSQL restarts). */
const RESTART_DELAY_MS = 2_000;

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
): Promise<void> {
  while (!signal.aborted) {
    try {
      await runDeliveryService(
        { store: databases.store, db: databases.delivery, connectionString: databases.url, config, logger },
        signal,
      );
    } catch (error) {
      if (signal.aborted) break;
      logger.error({ err: error, retryInMs: RESTART_DELAY_MS }, 'delivery failed; restarting');
      await sleep(RESTART_DELAY_MS, undefined, { signal }).catch(() => {});
    }
  }
}
