import type { Checkpoint, RecordedEvent } from '@support-engine/eventstore';
import { inSpan, linksToWriters } from '@support-engine/eventstore-postgres';
import { type Kysely, sql } from 'kysely';
import { advanceCheckpoint } from './checkpoints.js';
import type { EventDecoder, ProjectedEvent } from './events.js';
import type { Projection, ReadModelTransaction } from './projection.js';
import type { ReadModelTables } from './schema.js';

/** Channel notified when a projection's checkpoint moves (at commit), for read-your-writes waiters. */

export const CHECKPOINT_CHANNEL = 'projection_checkpoints';

/** A batch read from the log and decoded for one projection, up to its first unreadable event. */
export interface DecodedBatch {
  /** Every event read, readable or not. */
  readonly recorded: readonly RecordedEvent[];
  /** How many of `recorded`, from the start, could be read. */
  readonly readable: number;
  /** The readable events the projection handles, in log order. */
  readonly events: readonly ProjectedEvent[];
  /** Why `recorded[readable]` could not be read, if it could not. */
  readonly failure: unknown;
}

/** Decodes a batch, stopping at the first event that cannot be read. */
export function decodeBatch(
  decoder: EventDecoder,
  projection: Projection,
  recorded: readonly RecordedEvent[],
): DecodedBatch {
  const events: ProjectedEvent[] = [];
  let readable = 0;
  try {
    for (const event of recorded) {
      const decoded = decoder.decode(event, projection.eventTypes);
      if (decoded) events.push(decoded);
      readable++;
    }
    return { recorded, readable, events, failure: null };
  } catch (failure) {
    return { recorded, readable, events, failure };
  }
}

/**
 * Applies a decoded batch (read after `from`) and moves the checkpoint to its last readable
 * event, in one transaction. If an event was unreadable, the events before it are committed
 * and its error is rethrown, so the checkpoint stops exactly in front of it. Returns the new
 * checkpoint. Throws `CheckpointConflictError` (nothing written) if another projector moved
 * the checkpoint meanwhile.
 */
export async function commitBatch(
  db: Kysely<ReadModelTables>,
  projection: Projection,
  from: Checkpoint,
  batch: DecodedBatch,
): Promise<Checkpoint> {
  const to = batch.readable === 0 ? from : batch.recorded[batch.readable - 1]!.checkpoint;
  if (batch.readable > 0) {
    // One span per batch, linked to the spans that wrote its events (their `traceparent`).
    const read = batch.recorded.slice(0, batch.readable);
    await inSpan(
      'support-engine-projections',
      `projection ${projection.name}`,
      { 'projection.name': projection.name, 'events.count': batch.readable },
      () =>
        db.transaction().execute(async (trx) => {
          await advanceCheckpoint(trx, projection.name, from, to, batch.readable);
          await applyEvents(trx, projection, batch.events);
          await sql`select pg_notify(${CHECKPOINT_CHANNEL}, ${projection.name})`.execute(trx);
        }),
      linksToWriters(read),
    );
  }
  if (batch.failure !== null) throw batch.failure;
  return to;
}

async function applyEvents(trx: ReadModelTransaction, projection: Projection, events: readonly ProjectedEvent[]) {
  if (events.length === 0) return;
  if (projection.applyBatch) return projection.applyBatch(trx, events);
  for (const event of events) await projection.apply(trx, event);
}
