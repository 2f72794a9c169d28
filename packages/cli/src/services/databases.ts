import { migrateSlaReplanner } from '@support-engine/application';
import { type DeliveryDb, deliveryDbOf, migrateDelivery } from '@support-engine/delivery';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
  type SealVerification,
} from '@support-engine/eventstore-postgres';
import { migrateMailIn } from '@support-engine/mail-in';
import { createReadModelDb, migrateReadModels } from '@support-engine/projections';
import { migrateRouting } from '@support-engine/routing';
import { migrateReactor } from '@support-engine/workflows';
import { sql } from 'kysely';
import { anchoredClock } from './clock.js';

/** The read models' kysely handle. */
export type ReadModelDb = ReturnType<typeof createReadModelDb>;

/** The event store and the read models of one PostgreSQL database. */
export interface Databases {
  readonly url: string;
  readonly store: PostgresEventStore;
  readonly db: ReadModelDb;
  /** The delivery tables (outbox, delivery log, staff inbox), in the same database. */
  readonly delivery: DeliveryDb;
  /**
   * The time this process decides at: PostgreSQL's, carried forward by the monotonic clock, so a
   * jump of the host's wall clock moves no event's `at` (see {@link anchoredClock}). Read when the
   * pools open, and again every minute.
   */
  readonly clock: () => Date;
  close(): Promise<void>;
}

/**
 * Opens (lazily connecting) pools to the event store and the read models. With `seals`, the
 * store's verification checks the seals too (see `sealVerification`).
 */
export function openDatabases(url: string, seals?: SealVerification): Databases {
  const store = createPostgresEventStore({ connectionString: url, ...(seals ? { seals } : {}) });
  const db = createReadModelDb(url);
  const clock = anchoredClock(async () => {
    const { rows } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(store.db);
    return rows[0]!.now;
  });
  return {
    url,
    store,
    db,
    delivery: deliveryDbOf(store.db),
    clock: clock.now,
    async close() {
      clock.stop();
      await Promise.all([db.destroy(), store.close()]);
    },
  };
}

/**
 * Brings every table to the latest schema: the event log, the reactor's checkpoints, the
 * router's board, the delivery tables, the received mail and the read models. Each migration is idempotent and safe to run concurrently, so every process
 * may run it at start and `support-engine migrate` can run it ahead of a deployment.
 */
export async function migrateAll(databases: Databases): Promise<void> {
  await migrateEventStore(databases.store.db);
  await migrateReactor(databases.store.db);
  await migrateRouting(databases.store.db);
  await migrateSlaReplanner(databases.store.db);
  await migrateDelivery(databases.store.db);
  await migrateMailIn(databases.store.db);
  await migrateReadModels(databases.db);
}
