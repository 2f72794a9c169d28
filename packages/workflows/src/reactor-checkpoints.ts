import type { Checkpoint } from '@support-engine/eventstore';
import {
  type CheckpointRow,
  checkpointColumns,
  checkpointOfRow,
  createCheckpointTable,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';

/** Where a reactor keeps its own position in the global log. */
export interface ReactorCheckpoints {
  /** The reactor's checkpoint; the start of the log if it never ran. */
  load(name: string): Promise<Checkpoint>;
  /** Moves the reactor's checkpoint (after a batch was delivered). */
  save(name: string, checkpoint: Checkpoint): Promise<void>;
}

type ReactorTables = { reactor_checkpoints: CheckpointRow };

type Db = PostgresEventStore['db'];

/** Creates the `reactor_checkpoints` table unless it exists (idempotent; the worker runs it at start). */
export async function migrateReactor(db: Db): Promise<void> {
  await createCheckpointTable(db, 'reactor_checkpoints');
}

/** Reactor checkpoints in the event store's PostgreSQL database (table `reactor_checkpoints`). */
export function createPostgresReactorCheckpoints(eventStoreDb: Db): ReactorCheckpoints {
  const db = eventStoreDb.withTables<ReactorTables>();
  return {
    async load(name) {
      const row = await db
        .selectFrom('reactor_checkpoints')
        .select(['transaction_id', 'global_position'])
        .where('name', '=', name)
        .executeTakeFirst();
      return checkpointOfRow(row);
    },
    async save(name, checkpoint) {
      const values = checkpointColumns(checkpoint);
      await db
        .insertInto('reactor_checkpoints')
        .values({ name, ...values })
        .onConflict((conflict) => conflict.column('name').doUpdateSet(values))
        .execute();
    },
  };
}
