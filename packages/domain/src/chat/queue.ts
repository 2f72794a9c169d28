import { type AgentLoad, hasFreeSlot } from '../agent/load.js';
import { compareQueued } from '../routing/priority.js';
import type { Id } from '../shared/actor.js';
import { DomainError } from '../shared/errors.js';
import { type Instant, toMillis } from '../shared/time.js';
import type { ChatEvent } from './events.js';
import type { ChatPriority } from './state.js';

/** A chat in the queue, as the chats read model lists it. */
export interface WaitingChat {
  readonly chatId: Id;
  readonly priority: ChatPriority;
  readonly waitingSince: Instant;
}

/** A waiting chat with its 1-based place in the queue. */
export interface QueuedChat extends WaitingChat {
  readonly position: number;
}

/**
 * The queue order shown to waiting customers: higher priority first (urgent, high, medium,
 * low), then whoever has waited longest, then chat id so equal entries never swap places.
 */
export function queuePositions(waiting: readonly WaitingChat[]): QueuedChat[] {
  return waiting
    .map((chat) => ({
      chat,
      order: { priority: chat.priority, queuedSinceMs: toMillis(chat.waitingSince), key: chat.chatId },
    }))
    .sort((a, b) => compareQueued(a.order, b.order))
    .map(({ chat }, index) => ({ ...chat, position: index + 1 }));
}

/**
 * Since when a chat waits in the queue once `event` happened to it (`current`: since when it
 * waited before; null while it was not waiting). A wait starts when the chat starts, and starts
 * again when an agent sends it back to a queue: there it is a new wait, placed by that instant,
 * the customer's view of the queue and the router's alike. Taken by an agent or closed, it waits
 * no more; anything else leaves the wait as it was.
 */
export function chatQueuedSince(current: Instant | null, event: ChatEvent): Instant | null {
  switch (event.type) {
    case 'ChatStarted':
    case 'ChatTransferredToQueue':
      return event.data.at;
    case 'ChatAssigned':
    case 'ChatTransferred':
    case 'ChatClosed':
      return null;
    default:
      return current;
  }
}

/**
 * How waiting chats reach agents: `routed`, the router hands a chat to a free slot at once;
 * `manual`, agents pick chats from the queue when they get to it (`ROUTING_MODE=manual`).
 */
export type ChatPickUp = 'routed' | 'manual';

/**
 * Estimated wait in milliseconds for the chat at `position` (1-based), or `null` when no agent
 * is available (no honest estimate exists).
 *
 * Formula: only available agents count (busy, on break or in training agents take no new chats).
 * Routed, a `position` within the free slots (capacity minus active chats, summed) waits 0, and
 * the chats beyond them are served in waves, every available slot freeing once per average handle
 * time: `ceil((position - freeSlots) / totalSlots) * averageHandleTimeMs`. Picked up by hand, a
 * free slot says nothing of when an agent will look at the queue, so no position is promised 0:
 * `ceil(position / totalSlots) * averageHandleTimeMs`.
 */
export function estimatedWait(
  position: number,
  agents: readonly AgentLoad[],
  averageHandleTimeMs: number,
  pickUp: ChatPickUp = 'routed',
): number | null {
  if (!Number.isInteger(position) || position < 1 || !(averageHandleTimeMs >= 0)) {
    throw new DomainError('VALIDATION_FAILED', 'position must be a positive integer and the handle time non-negative', {
      position,
      averageHandleTimeMs,
    });
  }
  const available = agents.filter((agent) => agent.availability === 'available');
  const totalSlots = available.reduce((sum, agent) => sum + agent.capacity, 0);
  if (totalSlots === 0) return null;
  const freeSlots =
    pickUp === 'manual'
      ? 0
      : available.filter(hasFreeSlot).reduce((sum, agent) => sum + agent.capacity - agent.activeItems, 0);
  if (position <= freeSlots) return 0;
  return Math.ceil((position - freeSlots) / totalSlots) * averageHandleTimeMs;
}

/** How many of the most recently handled chats the handle time is learned from. */
export const HANDLE_TIME_SAMPLE = 50;

/** Below this many handled chats, the configured handle time stands. */
export const MIN_HANDLE_TIME_SAMPLES = 5;

/**
 * The handle time {@link estimatedWait} uses: the median of `recentMs`, the durations of the last
 * chats agents handled to the end (from the assignment to the close, transfers included; at most
 * {@link HANDLE_TIME_SAMPLE} of them), once there are {@link MIN_HANDLE_TIME_SAMPLES}; until then,
 * `configuredMs`. The median, so one chat left open over lunch does not move every estimate; and
 * learned from the log's own closes, so the estimate stays a pure function of the log.
 */
export function typicalHandleTime(recentMs: readonly number[], configuredMs: number): number {
  const durations = recentMs.filter((ms) => Number.isFinite(ms) && ms >= 0).sort((a, b) => a - b);
  if (durations.length < MIN_HANDLE_TIME_SAMPLES) return configuredMs;
  const middle = durations.length >> 1;
  const median = durations.length % 2 === 1 ? durations[middle]! : (durations[middle - 1]! + durations[middle]!) / 2;
  return Math.round(median);
}
