import type { ChatPriority } from '../chat/state.js';
import type { TicketPriority } from '../shared/values.js';

/**
 * Queue rank of a priority, most urgent first. Tickets say `normal` where chats say `medium`;
 * both rank the same, so one order serves the whole queue.
 */
export const PRIORITY_RANK: Readonly<Record<TicketPriority | ChatPriority, number>> = {
  urgent: 0,
  high: 1,
  normal: 2,
  medium: 2,
  low: 3,
};

/** Something waiting in a queue: its priority, since when it waits, and a stable id. */
export interface Queued {
  readonly priority: TicketPriority | ChatPriority;
  /** Epoch milliseconds. */
  readonly queuedSinceMs: number;
  /** Unique across the queue (e.g. `chat:c-1`); only breaks exact ties, so entries never swap. */
  readonly key: string;
}

/** The queue order: highest priority first, then whoever has waited longest, then key. */
export function compareQueued(a: Queued, b: Queued): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    a.queuedSinceMs - b.queuedSinceMs ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}
