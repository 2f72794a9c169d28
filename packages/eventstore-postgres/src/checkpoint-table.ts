import { type Checkpoint, START } from '@support-engine/eventstore';
import type { Kysely } from 'kysely';

/** A consumer's position in the log, as a row of a checkpoint table. */
export interface CheckpointRow {
  name: string;
  /** xid8 as a decimal string: it can exceed a signed bigint. */
  transaction_id: string;
  global_position: string;
  updated_at: Date;
}

/**
 * Creates a table of named log positions (one row per consumer) unless it exists. Consumers of
 * the log other than the projections (the Temporal reactor, the router) keep theirs this way.
 */
export async function createCheckpointTable<DB>(db: Kysely<DB>, table: string): Promise<void> {
  await db.schema
    .createTable(table)
    .ifNotExists()
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('transaction_id', 'numeric(20, 0)', (column) => column.notNull())
    .addColumn('global_position', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
}

/** The columns a checkpoint is stored in. */
export function checkpointColumns(checkpoint: Checkpoint): Omit<CheckpointRow, 'name'> {
  return {
    transaction_id: checkpoint.transactionId.toString(),
    global_position: checkpoint.globalPosition.toString(),
    updated_at: new Date(),
  };
}

/** The checkpoint a stored row holds; the start of the log when there is none. */
export function checkpointOfRow(
  row: Pick<CheckpointRow, 'transaction_id' | 'global_position'> | undefined,
): Checkpoint {
  return row ? { transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) } : START;
}

/**
 * Compare-and-set of the checkpoint named `name` inside the caller's transaction: it moves to
 * `to` only if it still is `from` (no row at all for the start of the log). `false` means another
 * consumer moved it first, and the caller must roll back and stop.
 */
export async function advanceCheckpoint(
  // biome-ignore lint/suspicious/noExplicitAny: any transaction of any schema; the table is named at run time.
  trx: Kysely<any>,
  table: string,
  name: string,
  from: Checkpoint,
  to: Checkpoint,
): Promise<boolean> {
  const db = trx as Kysely<Record<string, CheckpointRow>>;
  const values = checkpointColumns(to);
  const fresh = from.transactionId === START.transactionId && from.globalPosition === START.globalPosition;
  const moved = fresh
    ? await db
        .insertInto(table)
        .values({ name, ...values })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .returning('name')
        .executeTakeFirst()
    : await db
        .updateTable(table)
        .set(values)
        .where('name', '=', name)
        .where('transaction_id', '=', from.transactionId.toString())
        .where('global_position', '=', from.globalPosition.toString())
        .returning('name')
        .executeTakeFirst();
  return moved !== undefined;
}
