import { setTimeout as sleep } from 'node:timers/promises';
import { createDomainEventRegistry } from '@support-engine/domain';
import { createHandOvers, createRouter, createWorkHandlers, type RouterConfig } from '@support-engine/routing';
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';

/** How long a failed router waits before it starts again (e.g. while PostgreSQL restarts). */
const RESTART_DELAY_MS = 2_000;

/**
 * Runs the router until `signal` aborts, restarting it after a failure. Every worker process
 * runs this: the router's advisory lock keeps all but one of them on standby.
 */
export async function runRouterService(
  databases: Databases,
  config: RouterConfig,
  logger: Logger,
  signal: AbortSignal,
  clock?: () => Date,
): Promise<void> {
  const registry = createDomainEventRegistry();
  const handlers = createWorkHandlers(databases.store, registry);
  const router = createRouter({
    store: databases.store,
    connectionString: databases.url,
    registry,
    handlers,
    handOvers: createHandOvers({ store: databases.store, registry, handlers, clock: clock ?? (() => new Date()) }),
    config,
    logger,
    ...(clock ? { clock } : {}),
  });
  while (!signal.aborted) {
    try {
      await router.run(signal);
    } catch (error) {
      if (signal.aborted) break;
      logger.error({ err: error, retryInMs: RESTART_DELAY_MS }, 'router failed; restarting');
      await sleep(RESTART_DELAY_MS, undefined, { signal }).catch(() => {});
    }
  }
}
