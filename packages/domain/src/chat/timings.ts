import { z } from 'zod';
import { DAY_MS, MINUTE_MS, toInstant, toMillis } from '../shared/time.js';
import type { ChatState } from './state.js';

/** Per-deployment chat timings. */
export const ChatTimings = z
  .object({
    /** An open chat with no activity for this long closes itself (docs/domain.md#chat-inactivity-timeout). */
    inactivityTimeoutMs: z.number().int().min(MINUTE_MS).max(DAY_MS),
  })
  .strict();
export type ChatTimings = z.infer<typeof ChatTimings>;

/** The documented defaults: 30 minutes of inactivity closes a chat. */
export const DEFAULT_CHAT_TIMINGS: ChatTimings = { inactivityTimeoutMs: 30 * MINUTE_MS };

/**
 * When the chat will close itself for inactivity, or `null` when it cannot (no chat, or
 * already closed). Applies to `waiting` chats too: a customer who left the queue page
 * must not hold a place in it forever, and a customer still there keeps it alive by writing.
 */
export function inactivityDeadline(state: ChatState, timings: ChatTimings = DEFAULT_CHAT_TIMINGS): string | null {
  if (state.status === 'none' || state.status === 'closed') return null;
  return toInstant(toMillis(state.lastActivityAt) + timings.inactivityTimeoutMs);
}

/** True when the chat is open and its inactivity deadline has been reached at `now`. */
export function isInactive(state: ChatState, now: Date, timings: ChatTimings = DEFAULT_CHAT_TIMINGS): boolean {
  const deadline = inactivityDeadline(state, timings);
  return deadline !== null && now.getTime() >= toMillis(deadline);
}
