import { type Checkpoint, START } from '@support-engine/eventstore';
import type { Kysely } from 'kysely';
import { CheckpointConflictError } from './errors.js';
import type { ReadModelTransaction } from './projection.js';
import type { ReadModelTables } from './schema.js';

/** A projection's checkpoint and how many events it has applied (or skipped as not its own). */
export interface ProjectionProgress {
  readonly checkpoint: Checkpoint;
  readonly eventsApplied: bigint;
}

/** Creates the projection's checkpoint at the start of the log unless it exists. */
export async function ensureCheckpoint(db: Kysely<ReadModelTables>, name: string): Promise<void> {
  await db
    .insertInto('projection_checkpoints')
    .values({ name, transaction_id: '0', global_position: '0', events_applied: '0', updated_at: new Date() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/** Where the projection stands, or `null` if it never ran. */
export async function readProgress(db: Kysely<ReadModelTables>, name: string): Promise<ProjectionProgress | null> {
  const row = await db
    .selectFrom('projection_checkpoints')
    .select(['transaction_id', 'global_position', 'events_applied'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) return null;
  return {
    checkpoint: { transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) },
    eventsApplied: BigInt(row.events_applied),
  };
}

/** The projection's checkpoint; the start of the log if it never ran. */
export async function readCheckpoint(db: Kysely<ReadModelTables>, name: string): Promise<Checkpoint> {
  return (await readProgress(db, name))?.checkpoint ?? START;
}

/**
 * Compare-and-set: moves the checkpoint from `from` to `to` inside the batch's transaction.
 * Run first in the transaction: the row lock it takes makes a concurrent projector wait, then
 * find the checkpoint moved and fail with {@link CheckpointConflictError}, rolling its batch back.
 */
export async function advanceCheckpoint(
  trx: ReadModelTransaction,
  name: string,
  from: Checkpoint,
  to: Checkpoint,
  events: number,
): Promise<void> {
  const result = await trx
    .updateTable('projection_checkpoints')
    .set((eb) => ({
      transaction_id: to.transactionId.toString(),
      global_position: to.globalPosition.toString(),
      events_applied: eb('events_applied', '+', String(events)),
      updated_at: new Date(),
    }))
    .where('name', '=', name)
    .where('transaction_id', '=', from.transactionId.toString())
    .where('global_position', '=', from.globalPosition.toString())
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new CheckpointConflictError(name);
}

/** Puts the checkpoint back to the start of the log (for a replay in place). */
export async function resetCheckpoint(trx: ReadModelTransaction, name: string): Promise<void> {
  await trx
    .updateTable('projection_checkpoints')
    .set({ transaction_id: '0', global_position: '0', events_applied: '0', updated_at: new Date() })
    .where('name', '=', name)
    .execute();
}
