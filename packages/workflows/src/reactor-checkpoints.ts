import { type Checkpoint, type PostgresEventStore, START } from '@support-engine/eventstore';

/** Where a reactor keeps its own position in the global log. */
export interface ReactorCheckpoints {
  /** The reactor's checkpoint; the start of the log if it never ran. */
  load(name: string): Promise<Checkpoint>;
  /** Moves the reactor's checkpoint (after a batch was delivered). */
  save(name: string, checkpoint: Checkpoint): Promise<void>;
}

type ReactorTables = {
  reactor_checkpoints: {
    name: string;
    /** xid8 as a decimal string: it can exceed a signed bigint. */
    transaction_id: string;
    global_position: string;
    updated_at: Date;
  };
};

type Db = PostgresEventStore['db'];

/** Creates the `reactor_checkpoints` table unless it exists (idempotent; the worker runs it at start). */
export async function migrateReactor(db: Db): Promise<void> {
  await db.schema
    .createTable('reactor_checkpoints')
    .ifNotExists()
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('transaction_id', 'numeric(20, 0)', (column) => column.notNull())
    .addColumn('global_position', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
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
      return row ? { transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) } : START;
    },
    async save(name, checkpoint) {
      const values = {
        transaction_id: checkpoint.transactionId.toString(),
        global_position: checkpoint.globalPosition.toString(),
        updated_at: new Date(),
      };
      await db
        .insertInto('reactor_checkpoints')
        .values({ name, ...values })
        .onConflict((conflict) => conflict.column('name').doUpdateSet(values))
        .execute();
    },
  };
}
