import type { Checkpoint } from './checkpoint.js';
import type { EventHandler, EventStore } from './port.js';
import type { Waker } from './waker.js';

/** How a polling subscription reads and waits; see {@link runPollingSubscription}. */
export interface PollingSubscription {
  readonly read: EventStore['readAll'];
  readonly waker: Waker;
  /** Longest wait without a wake-up before reading again (the fallback when a wake-up is missed). */
  readonly pollIntervalMs: number;
  readonly batchSize: number;
}

/**
 * Catch-up-then-live delivery on top of a gap-safe `readAll`: reads batches until the log is
 * drained, then sleeps until woken or the poll interval passes. Because it only ever advances
 * past events it handed to `handler`, it never skips one, and it stops between events on abort.
 */
export async function runPollingSubscription(
  source: PollingSubscription,
  after: Checkpoint,
  handler: EventHandler,
  signal: AbortSignal,
): Promise<void> {
  let checkpoint = after;
  while (!signal.aborted) {
    const generation = source.waker.generation;
    const batch = await source.read(checkpoint, { limit: source.batchSize });
    for (const event of batch) {
      if (signal.aborted) return;
      await handler(event);
      checkpoint = event.checkpoint;
    }
    if (batch.length < source.batchSize) await source.waker.wait(generation, source.pollIntervalMs, signal);
  }
}
