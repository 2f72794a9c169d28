import { createHandOvers, createSlaReplanner, createWorkHandlers } from '@support-engine/application';
import { createDomainEventRegistry } from '@support-engine/domain';
import type { TicketTimings } from '@support-engine/domain/ticket';
import { createRouter, type RouterConfig } from '@support-engine/routing';
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';
import { runRestarting } from './restarting.js';

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
    handOvers: createHandOvers({ store: databases.store, registry, handlers, clock: clock ?? databases.clock }),
    config,
    logger,
    clock: clock ?? databases.clock,
  });
  await runRestarting('router', (running) => router.run(running), logger, signal);
}

/**
 * Runs the SLA re-planner until `signal` aborts, restarting it after a failure. Every worker
 * process runs this: its advisory lock keeps all but one on standby.
 */
export async function runSlaReplannerService(
  databases: Databases,
  timings: TicketTimings,
  logger: Logger,
  signal: AbortSignal,
  clock?: () => Date,
): Promise<void> {
  const replanner = createSlaReplanner({
    store: databases.store,
    connectionString: databases.url,
    registry: createDomainEventRegistry(),
    logger,
    timings,
    clock: clock ?? databases.clock,
  });
  await runRestarting('sla re-planner', (running) => replanner.run(running), logger, signal);
}
