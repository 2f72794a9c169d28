import { type Checkpoint, compareCheckpoints, type Waker } from '@support-engine/eventstore';
import type { Kysely } from 'kysely';
import { readCheckpoint } from './checkpoints.js';
import { WaitTimeoutError } from './errors.js';
import type { ReadModelTables } from './schema.js';

/** Options of {@link waitForProjection}. */
export interface WaitForOptions {
  /** Longest wait; 5 s by default. */
  readonly timeoutMs?: number;
  /** First pause between checks; it doubles up to 100 ms. 5 ms by default. */
  readonly initialIntervalMs?: number;
  readonly signal?: AbortSignal;
  /**
   * Woken when a projector commits a batch (`PROGRESS_CHANNEL`): the checkpoint is read again
   * at once rather than after the pause, which then only covers a lost notification.
   */
  readonly progress?: Waker;
}

const NEVER_ABORTED = new AbortController().signal;

/** A read of a projection's checkpoint under way, and the progress generation it began at. */
interface SharedRead {
  readonly progress: Waker;
  readonly generation: number;
  readonly read: Promise<Checkpoint>;
}
const readsUnderWay = new WeakMap<Kysely<ReadModelTables>, Map<string, SharedRead>>();

/**
 * The projection's checkpoint for a wait at `generation` of `progress`: a read another wait began
 * at the same generation is joined (it began after every batch notified before this wait looked,
 * so it sees them), else one is begun. Every batch a projector commits wakes every wait: with
 * hundreds pending (each live chat update waits for the chats read model), a read each would be
 * thousands of queries a second, slowing the very projectors they wait for.
 */
function sharedCheckpointRead(
  db: Kysely<ReadModelTables>,
  projection: string,
  progress: Waker | undefined,
  generation: number,
): Promise<Checkpoint> {
  if (progress === undefined) return readCheckpoint(db, projection);
  const reads = readsUnderWay.get(db) ?? new Map<string, SharedRead>();
  readsUnderWay.set(db, reads);
  const underWay = reads.get(projection);
  if (underWay !== undefined && underWay.progress === progress && underWay.generation === generation)
    return underWay.read;
  const read = readCheckpoint(db, projection).finally(() => {
    if (reads.get(projection)?.read === read) reads.delete(projection);
  });
  reads.set(projection, { progress, generation, read });
  return read;
}

/**
 * Read-your-writes: resolves with the projection's checkpoint once it is at or past `target`
 * (the checkpoint a command returned), or throws {@link WaitTimeoutError} after the timeout.
 * Polls with a short, growing interval (woken early by `progress`): the wait is usually a few
 * milliseconds. Concurrent waits woken by the same `progress` share their checkpoint reads.
 */
export async function waitForProjection(
  db: Kysely<ReadModelTables>,
  projection: string,
  target: Checkpoint,
  options: WaitForOptions = {},
): Promise<Checkpoint> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const deadline = Date.now() + timeoutMs;
  let interval = options.initialIntervalMs ?? 5;
  for (;;) {
    options.signal?.throwIfAborted();
    // Taken before reading: a batch committed after the read wakes the pause below.
    const generation = options.progress?.generation ?? 0;
    const reached = await sharedCheckpointRead(db, projection, options.progress, generation);
    if (compareCheckpoints(reached, target) >= 0) return reached;
    const left = deadline - Date.now();
    if (left <= 0) throw new WaitTimeoutError(projection, target, reached, timeoutMs);
    const pause = Math.min(interval, left);
    await (options.progress
      ? options.progress.wait(generation, pause, options.signal ?? NEVER_ABORTED)
      : new Promise((resolve) => setTimeout(resolve, pause)));
    interval = Math.min(interval * 2, 100);
  }
}
