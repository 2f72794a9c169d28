import { createProjections, type ProjectionsOptions, runProjector } from '@support-engine/projections';
import type { RuntimeConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';
import { runRestarting } from './restarting.js';

/**
 * The projections' deployment settings, the same the rest of the engine runs with: the SLA policy
 * the workflows' clocks use (`SLA_POLICY`), so `ticket.sla` and the SLA counts agree with the
 * timers, the notification texts the customer inbox is written with, and how chats reach agents
 * (`ROUTING_MODE`), which the queue's wait estimate depends on.
 */
export function projectionsOptionsOf(
  config: Pick<RuntimeConfig, 'delivery' | 'worker' | 'router'>,
): ProjectionsOptions {
  return {
    tickets: { slaPolicy: config.worker.ticket.slaPolicy, templates: config.delivery.templates },
    chats: { pickUp: config.router.mode === 'manual' ? 'manual' : 'routed' },
  };
}

/**
 * Runs one projector per built-in projection until `signal` aborts, restarting any that fails
 * after a pause ({@link runRestarting}). Several processes may run this: each projection's advisory lock makes all but
 * one of them standbys.
 */
export async function runProjectors(
  databases: Databases,
  options: ProjectionsOptions,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  await Promise.all(
    createProjections(options).map(async (projection) => {
      const log = logger.child({ projection: projection.name });
      await runRestarting(
        'projector',
        (running) =>
          runProjector(
            { store: databases.store, db: databases.db, connectionString: databases.url, projection },
            running,
          ),
        log,
        signal,
      );
    }),
  );
}
