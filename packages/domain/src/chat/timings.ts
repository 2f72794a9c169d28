import { z } from 'zod';
import { DAY_MS, MINUTE_MS, toInstant, toMillis } from '../shared/time.js';
import type { ChatState } from './state.js';

/** How long an open chat may go without activity: from a minute to a day. */
export const InactivityTimeoutMs = z.number().int().min(MINUTE_MS).max(DAY_MS);

/** Per-deployment chat timings. */
export const ChatTimings = z
  .object({
    /** An open chat with no activity for this long closes itself (docs/domain.md#chat-inactivity-timeout). */
    inactivityTimeoutMs: InactivityTimeoutMs,
  })
  .strict();
export type ChatTimings = z.infer<typeof ChatTimings>;

/** The documented defaults: 30 minutes of inactivity closes a chat. */
export const DEFAULT_CHAT_TIMINGS: ChatTimings = { inactivityTimeoutMs: 30 * MINUTE_MS };

/** What the inactivity deadline is computed from besides a chat's state: a read model's row of it. */
export interface InactivityClock {
  readonly status: string;
  readonly lastActivityAt: string;
  /** The timeout the chat recorded when it started; `null` (or absent): the deployment's. */
  readonly inactivityTimeoutMs?: number | null;
}

/**
 * When the chat will close itself for inactivity, or `null` when it cannot (no chat, or
 * already closed): the timeout the chat recorded when it started (the configuration's, see
 * `SetChatInactivityTimeout`), else the deployment's `timings`. Applies to `waiting` chats too: a
 * customer who left the queue page must not hold a place in it forever, and a customer still
 * there keeps it alive by writing.
 */
export function inactivityDeadline(
  state: ChatState | InactivityClock,
  timings: ChatTimings = DEFAULT_CHAT_TIMINGS,
): string | null {
  if (!('lastActivityAt' in state) || state.status === 'closed') return null;
  const timeoutMs = state.inactivityTimeoutMs ?? timings.inactivityTimeoutMs;
  return toInstant(toMillis(state.lastActivityAt) + timeoutMs);
}

/** True when the chat is open and its inactivity deadline has been reached at `now`. */
export function isInactive(state: ChatState, now: Date, timings: ChatTimings = DEFAULT_CHAT_TIMINGS): boolean {
  const deadline = inactivityDeadline(state, timings);
  return deadline !== null && now.getTime() >= toMillis(deadline);
}
