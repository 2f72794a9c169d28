import type { EventSchemaRegistry } from '@support-engine/domain';
import {
  type Checkpoint,
  compareCheckpoints,
  type EventStore,
  type RecordedEvent,
  Waker,
} from '@support-engine/eventstore';
import { NOTIFY_CHANNEL, SessionLock } from '@support-engine/eventstore-postgres';
import { type Kysely, sql } from 'kysely';
import { commitBatch, type DecodedBatch, decodeBatch } from './batch.js';
import { ensureCheckpoint, readCheckpoint } from './checkpoints.js';
import { isCheckpointConflict, ProjectionLockLostError } from './errors.js';
import { EventDecoder } from './events.js';
import type { Projection } from './projection.js';
import type { ReadModelTables } from './schema.js';

/** What a projector reads from and writes to. */
export interface ProjectorOptions {
  /** The log; only its gap-safe `readAll` is used. */
  readonly store: Pick<EventStore, 'readAll'>;
  /** The read models (and the checkpoint table). */
  readonly db: Kysely<ReadModelTables>;
  /** For the dedicated connection that holds the advisory lock and LISTENs for appends. */
  readonly connectionString: string;
  readonly projection: Projection;
  /** Upcasters and known types; every domain event type at its current version by default. */
  readonly registry?: EventSchemaRegistry;
  /** Events per transaction; 500 by default. */
  readonly batchSize?: number;
  /** Longest sleep without a notification before reading again; 500 ms by default. */
  readonly pollIntervalMs?: number;
  /** How often a standby retries the advisory lock; 1 s by default. */
  readonly lockRetryMs?: number;
  /** Called after each committed batch (progress reporting, tests). */
  readonly onBatch?: (batch: { readonly events: number; readonly checkpoint: Checkpoint }) => void;
}

/**
 * The channel a projector notifies (its projection's name as payload) after each batch it commits,
 * so whoever waits for a read model to include a write (read-your-writes, the live feed's ticket)
 * checks at once instead of at its next poll. Only a wake-up: waiters still poll, so a lost
 * notification costs latency, never a result.
 */
export const PROGRESS_CHANNEL = 'projection_progress';

// Namespace of the two-key advisory lock, so projection locks never collide with other consumers'.
const LOCK_NAMESPACE = 'support-engine.projection';

/**
 * Runs one projection until `signal` aborts. It first takes the projection's advisory lock
 * (waiting as a standby while another projector holds it), then resumes from its stored
 * checkpoint: it reads gap-safe batches, commits each batch with its checkpoint advance, and
 * sleeps until an append is notified or the poll interval passes.
 *
 * Resolves on abort. Rejects (after releasing the lock) when an event cannot be read, when the
 * lock connection is lost, or on a database error: the caller decides whether to restart.
 */
export async function runProjector(options: ProjectorOptions, signal: AbortSignal): Promise<void> {
  const { projection, db } = options;
  const lock = await SessionLock.acquire(options.connectionString, LOCK_NAMESPACE, projection.name, {
    retryMs: options.lockRetryMs ?? 1000,
    signal,
  });
  if (!lock) return;
  try {
    const waker = new Waker();
    await lock.listen(NOTIFY_CHANNEL, () => waker.notify());
    await ensureCheckpoint(db, projection.name);
    const step = batchStepper(options);
    let checkpoint = await readCheckpoint(db, projection.name);
    while (!signal.aborted) {
      if (lock.lost !== null) throw new ProjectionLockLostError(projection.name, lock.lost);
      const generation = waker.generation;
      const result = await step(checkpoint);
      checkpoint = result.checkpoint;
      if (!result.full) await waker.wait(generation, options.pollIntervalMs ?? 500, signal);
    }
  } finally {
    await lock.release();
  }
}

/**
 * Applies everything in the log after the projection's checkpoint, then returns the checkpoint
 * reached. For one-shot runs (CLI, tests); it does not take the advisory lock, so only use it
 * where no daemon runs the same projection (the checkpoint's compare-and-set still prevents
 * double application).
 */
export async function catchUp(
  options: Omit<ProjectorOptions, 'connectionString' | 'lockRetryMs'>,
): Promise<Checkpoint> {
  await ensureCheckpoint(options.db, options.projection.name);
  const step = batchStepper(options);
  let checkpoint = await readCheckpoint(options.db, options.projection.name);
  for (;;) {
    const result = await step(checkpoint);
    checkpoint = result.checkpoint;
    if (!result.full) return checkpoint;
  }
}

/** One read-and-commit step; a lost compare-and-set re-reads the checkpoint instead of failing. */
function batchStepper(options: Omit<ProjectorOptions, 'connectionString' | 'lockRetryMs'>) {
  const { db, projection } = options;
  const decoder = new EventDecoder(projection.name, options.registry);
  const limit = options.batchSize ?? 500;
  const read = prefetchingReader(options.store, limit, (recorded) => decodeBatch(decoder, projection, recorded));
  return async (from: Checkpoint): Promise<{ checkpoint: Checkpoint; full: boolean }> => {
    const batch = await read(from);
    if (batch.recorded.length === 0) return { checkpoint: from, full: false };
    try {
      const checkpoint = await commitBatch(db, projection, from, batch);
      // Outside the batch's transaction (a notifying commit would serialise commits), not awaited.
      sql`select pg_notify(${PROGRESS_CHANNEL}, ${projection.name})`.execute(db).catch(() => {});
      options.onBatch?.({ events: batch.recorded.length, checkpoint });
      return { checkpoint, full: batch.recorded.length === limit };
    } catch (error) {
      if (!isCheckpointConflict(error)) throw error;
      return { checkpoint: await readCheckpoint(db, projection.name), full: true };
    }
  };
}

/**
 * Reads and decodes batches; after a full batch it already reads and decodes the next one
 * while the caller commits this one. Reading, decoding and writing then overlap (two
 * connections and the event loop), which is most of a catch-up's speed. A prefetch for another
 * checkpoint than the one asked for (after a lost race) is dropped.
 */
function prefetchingReader(
  store: Pick<EventStore, 'readAll'>,
  limit: number,
  decode: (recorded: readonly RecordedEvent[]) => DecodedBatch,
) {
  let ahead: { after: Checkpoint; batch: Promise<DecodedBatch> } | null = null;
  const readDecoded = (after: Checkpoint) => store.readAll(after, { limit }).then(decode);
  return async (after: Checkpoint): Promise<DecodedBatch> => {
    const prefetched = ahead !== null && compareCheckpoints(ahead.after, after) === 0 ? ahead.batch : null;
    ahead = null;
    const batch = await (prefetched ?? readDecoded(after));
    const last = batch.recorded.at(-1);
    if (batch.recorded.length === limit && last) {
      const next = readDecoded(last.checkpoint);
      // A failed prefetch surfaces when it is awaited; until then it must not count as unhandled.
      next.catch(() => {});
      ahead = { after: last.checkpoint, batch: next };
    }
    return batch;
  };
}
