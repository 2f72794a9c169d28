import { setTimeout as sleep } from 'node:timers/promises';
import { type EventSchemaRegistry, isUnreadableEventError } from '@support-engine/domain';
import { type Checkpoint, compareCheckpoints, Waker } from '@support-engine/eventstore';
import {
  advanceCheckpoint,
  checkpointOfRow,
  NOTIFY_CHANNEL,
  type PostgresEventStore,
  SessionLock,
} from '@support-engine/eventstore-postgres';
import { saveStaffNotifications } from '@support-engine/inbox';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { Directory, type DirectoryRow } from './directory.js';
import { foldIntoDirectory } from './fold.js';
import { notifierCheckpoint } from './notifier-checkpoint.js';
import { type DeliveryDb, enqueue, type NewDelivery } from './outbox.js';
import { type PlanOptions, planDeliveries, type StaffInboxRow } from './plan.js';
import { migrateDelivery } from './schema.js';

/** What the notifier needs. */
export interface NotifierOptions {
  readonly store: PostgresEventStore;
  readonly db: DeliveryDb;
  /** For the dedicated connection that holds the notifier's lock and LISTENs for appends. */
  readonly connectionString: string;
  readonly registry: EventSchemaRegistry;
  readonly logger: Logger;
  /** Names its checkpoint, directory and lock. */
  readonly name: string;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly plan: PlanOptions;
  /** Woken after each batch that enqueued something (the dispatchers in this process). */
  readonly dispatchers?: Waker;
  /** How often a standby retries the lock. */
  readonly lockRetryMs?: number;
  /** Called after each saved batch (tests, benchmarks). */
  readonly onBatch?: (batch: { events: number; deliveries: number; checkpoint: Checkpoint }) => void;
}

/** Plans every notification and webhook delivery from the log. */
export interface Notifier {
  /** Runs until `signal` aborts; rejects on an event it cannot read or a lost lock. */
  run(signal: AbortSignal): Promise<void>;
}

/** Raised when another notifier moved the checkpoint first. */
export class NotifierCheckpointConflictError extends Error {
  override readonly name = 'NotifierCheckpointConflictError';
}

const LOCK_NAMESPACE = 'support-engine.notifier';
const RETRY_DELAY_MS = 1_000;
const ROWS_PER_STATEMENT = 500;

/**
 * The notifier: one active per database (an advisory lock; other workers stand by), woken by
 * the store's append notifications. Each batch of events is folded into its directory and
 * planned into outbox rows and staff inbox rows; the rows, the directory's changes and the
 * checkpoint commit in one transaction, so every event is planned exactly once, and the ids are
 * deterministic besides. Events up to where delivery began (`delivery_start`, noted when its
 * tables were created) are folded, since the directory must know them, but not sent: adding
 * delivery to a running deployment does not mail its whole history.
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const { store, db, logger, name } = options;

  const load = async (): Promise<{ directory: Directory; checkpoint: Checkpoint; planAfter: Checkpoint }> => {
    const rows = await db
      .selectFrom('delivery_directory')
      .select(['kind', 'key', 'row'])
      .where('notifier', '=', name)
      .execute();
    const checkpoint = await notifierCheckpoint(db, name);
    const directory = new Directory(rows as DirectoryRow[]);
    const start = await db
      .selectFrom('delivery_start')
      .select(['transaction_id', 'global_position'])
      .executeTakeFirst();
    return { directory, checkpoint, planAfter: checkpointOfRow(start) };
  };

  const save = async (
    changes: DirectoryRow[],
    deliveries: NewDelivery[],
    inbox: StaffInboxRow[],
    from: Checkpoint,
    to: Checkpoint,
  ) => {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < changes.length; i += ROWS_PER_STATEMENT) {
        await trx
          .insertInto('delivery_directory')
          .values(
            changes.slice(i, i + ROWS_PER_STATEMENT).map((c) => ({
              notifier: name,
              kind: c.kind,
              key: c.key,
              row: JSON.stringify(c.row),
            })),
          )
          .onConflict((conflict) =>
            conflict.columns(['notifier', 'kind', 'key']).doUpdateSet({ row: sql`excluded.row` }),
          )
          .execute();
      }
      await enqueue(trx, deliveries);
      await saveStaffNotifications(trx, inbox);
      if (!(await advanceCheckpoint(trx, 'delivery_checkpoints', name, from, to))) {
        throw new NotifierCheckpointConflictError(
          `Notifier "${name}" checkpoint moved under it; another notifier is running`,
        );
      }
    });
  };

  return {
    async run(signal) {
      await migrateDelivery(db);
      const lock = await SessionLock.acquire(options.connectionString, LOCK_NAMESPACE, name, {
        retryMs: options.lockRetryMs ?? 1_000,
        signal,
      });
      if (lock === null) return;
      try {
        const appended = new Waker();
        await lock.listen(NOTIFY_CHANNEL, () => appended.notify());
        logger.info({ email: options.plan.email, push: options.plan.push }, 'notifier started');
        let state: Awaited<ReturnType<typeof load>> | null = null;
        while (!signal.aborted) {
          if (lock.lost !== null) throw new Error('the notifier lost its lock connection', { cause: lock.lost });
          const generation = appended.generation;
          try {
            state ??= await load();
            const batch = await store.readAll(state.checkpoint, { limit: options.batchSize });
            const deliveries: NewDelivery[] = [];
            const inbox: StaffInboxRow[] = [];
            for (const recorded of batch) {
              const { type, data } = options.registry.upcast(recorded);
              const event = {
                type,
                data: data as Record<string, unknown>,
                streamId: recorded.streamId,
                version: recorded.streamVersion,
                globalPosition: recorded.checkpoint.globalPosition,
                recordedAt: recorded.recordedAt,
              };
              foldIntoDirectory(state.directory, event);
              if (compareCheckpoints(recorded.checkpoint, state.planAfter) <= 0) continue;
              const plan = planDeliveries(event, state.directory, options.plan);
              deliveries.push(...plan.deliveries);
              inbox.push(...plan.inbox);
            }
            const last = batch.at(-1);
            if (last !== undefined) {
              await save(state.directory.takeChanges(), deliveries, inbox, state.checkpoint, last.checkpoint);
              state.checkpoint = last.checkpoint;
              if (deliveries.length > 0) options.dispatchers?.notify();
              options.onBatch?.({ events: batch.length, deliveries: deliveries.length, checkpoint: last.checkpoint });
            }
            if (batch.length < options.batchSize) await appended.wait(generation, options.pollIntervalMs, signal);
          } catch (error) {
            if (signal.aborted) break;
            if (error instanceof NotifierCheckpointConflictError || isUnreadableEventError(error)) throw error;
            logger.error({ err: error }, 'notifier batch failed; redoing it from the saved checkpoint');
            state = null;
            await sleep(RETRY_DELAY_MS, undefined, { signal }).catch(() => {});
          }
        }
        logger.info('notifier stopped');
      } finally {
        await lock.release();
      }
    },
  };
}
