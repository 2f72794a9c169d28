import { setTimeout as sleep } from 'node:timers/promises';
import type { HandOvers, WorkHandlers } from '@support-engine/application';
import { type EventSchemaRegistry, isUnreadableEventError } from '@support-engine/domain';
import { Waker } from '@support-engine/eventstore';
import { NOTIFY_CHANNEL, type PostgresEventStore, SessionLock } from '@support-engine/eventstore-postgres';
import type { Logger } from 'pino';
import { createBoardStore, migrateRouting, RouterCheckpointConflictError } from './board-store.js';
import type { RouterConfig } from './config.js';
import { createRouterCycles, type RouterCycle } from './cycle.js';

/** What the router needs. */
export interface RouterOptions {
  readonly store: PostgresEventStore;
  /** For the dedicated connection that holds the router's lock and LISTENs for appends. */
  readonly connectionString: string;
  readonly registry: EventSchemaRegistry;
  readonly handlers: WorkHandlers;
  readonly handOvers: HandOvers;
  readonly config: Omit<RouterConfig, 'enabled'>;
  readonly logger: Logger;
  /** The time the router's commands happen at; the wall clock by default. */
  readonly clock?: () => Date;
  /** How often a standby retries the lock; 1 s by default. */
  readonly lockRetryMs?: number;
  /** Called after each cycle (tests, benchmarks). */
  readonly onCycle?: (cycle: RouterCycle) => void;
}

/** Routes work to agents and keeps their ledgers true, from the log. */
export interface Router {
  /** Runs until `signal` aborts (resolves); rejects if the log holds an event it cannot read, or the lock is lost. */
  run(signal: AbortSignal): Promise<void>;
}

// Namespace of the router's advisory lock, so it never collides with a projection's.
const LOCK_NAMESPACE = 'support-engine.router';
// Backoff after a failed cycle (PostgreSQL unreachable); the cycle is redone from the saved board.
const RETRY_DELAY_MS = 1_000;

/**
 * The router process: one active per database (an advisory lock; other workers stand by and
 * take over when its connection drops), woken by the store's append notifications. It runs
 * {@link createRouterCycles} cycles back to back while there is work, and sleeps otherwise.
 */
export function createRouter(options: RouterOptions): Router {
  const { store, config, logger } = options;
  const cycles = createRouterCycles({
    ...options,
    boards: createBoardStore(store.db, config.name),
    clock: options.clock ?? (() => new Date()),
  });

  return {
    async run(signal) {
      await migrateRouting(store.db);
      const lock = await SessionLock.acquire(options.connectionString, LOCK_NAMESPACE, config.name, {
        retryMs: options.lockRetryMs ?? 1_000,
        signal,
      });
      if (lock === null) return;
      try {
        const waker = new Waker();
        await lock.listen(NOTIFY_CHANNEL, () => waker.notify());
        logger.info({ mode: config.mode }, 'router started');
        let restored = false;
        while (!signal.aborted) {
          if (lock.lost !== null) throw new Error('the router lost its lock connection', { cause: lock.lost });
          const generation = waker.generation;
          try {
            if (!restored) await cycles.restore();
            restored = true;
            const cycle = await cycles.next();
            options.onCycle?.(cycle);
            if (cycle.events < config.batchSize && cycle.routed === 0) {
              await waker.wait(generation, config.pollIntervalMs, signal);
            }
          } catch (error) {
            if (signal.aborted) break;
            if (error instanceof RouterCheckpointConflictError || isUnreadableEventError(error)) throw error;
            logger.error({ err: error }, 'router cycle failed; redoing it from the saved board');
            await sleep(RETRY_DELAY_MS, undefined, { signal }).catch(() => {});
            restored = false;
          }
        }
        logger.info('router stopped');
      } finally {
        await lock.release();
      }
    },
  };
}
