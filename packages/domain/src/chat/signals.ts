import { z } from 'zod';
import type { Actor, Id } from '../shared/actor.js';
import { DomainError } from '../shared/errors.js';
import {
  isAssigneeOrLead,
  isChatCustomer,
  requireOpen,
  requirePermission,
  requireSession,
  senderOf,
} from './guards.js';
import type { ChatState } from './state.js';

/**
 * What a participant tells the other side of a chat live: they are typing, they stopped, or they
 * read the chat up to a message. Signals are transient: they are relayed, never recorded.
 */
export const ChatSignalKind = z.enum(['typing', 'stopped_typing', 'read']);
export type ChatSignalKind = z.infer<typeof ChatSignalKind>;

/**
 * Signals that share one rate limit. `typing` and `stopped_typing` share one, so a held-back
 * signal never overtakes a later one of the other kind (a stale "stopped" after "typing again").
 */
export type ChatSignalGroup = 'typing' | 'read';

/** The rate-limit group of a signal kind. */
export function signalGroupOf(kind: ChatSignalKind): ChatSignalGroup {
  return kind === 'read' ? 'read' : 'typing';
}

/** What a permitted signal reveals: whether it is about staff-only writing. */
export interface PermittedSignal {
  /**
   * True when staff type an internal note (`internal`), or a `read` names an internal message:
   * customers must never learn of either.
   */
  readonly staffOnly: boolean;
}

/**
 * Holds a signal to the rules of writing in the chat (a public message): the chat exists
 * (NOT_FOUND) and is open (CHAT_CLOSED); a customer signals in their own chat only, staff in an
 * active chat they hold or, for supervisors and admins, any active chat (NOT_ASSIGNED); auditors
 * and the system never signal (FORBIDDEN). A `read` names a message of the chat the actor may see
 * (NOT_FOUND otherwise, for a customer an internal message included, so its existence stays hidden).
 * `internal` says staff are typing an internal note, which only staff are told of; a customer has
 * no internal notes to write (FORBIDDEN).
 */
export function permitChatSignal(
  state: ChatState,
  actor: Actor,
  chatId: Id,
  kind: ChatSignalKind,
  lastReadMessageId: Id | undefined,
  internal = false,
): PermittedSignal {
  const session = requireSession(state, chatId);
  const staff = senderOf(actor) === 'agent';
  requirePermission(isChatCustomer(actor, session) || staff, actor, 'signal in this chat');
  if (internal && !staff) throw new DomainError('FORBIDDEN', 'Only staff write internal notes', { role: actor.role });
  requireOpen(session);
  if (staff && !(session.status === 'active' && isAssigneeOrLead(actor, session))) {
    const why =
      session.status === 'active'
        ? 'Only the assigned agent or a supervisor signals in a chat'
        : `Chat "${session.chatId}" waits in the queue: staff signal in it once an agent accepts it or is assigned it`;
    throw new DomainError('NOT_ASSIGNED', why, { chatId: session.chatId, assigneeId: session.assigneeId });
  }
  if (kind !== 'read') return { staffOnly: internal };
  const message = session.messages.find((m) => m.messageId === lastReadMessageId);
  if (message === undefined || (message.internal && !staff)) {
    throw new DomainError('NOT_FOUND', `Chat "${session.chatId}" has no message "${lastReadMessageId}"`, {
      chatId: session.chatId,
      messageId: lastReadMessageId,
    });
  }
  return { staffOnly: internal || message.internal };
}

/**
 * The rate limit of a signal group: when a signal given at `now` goes out, when the group last
 * went out at `lastRelayedAt` (`null`: never, or longer ago than anyone remembers) and at most
 * one may go out per `intervalMs`. `now` means at once; a later time means held back until the
 * interval since the last one ends. Times are milliseconds on one monotonic clock.
 */
export function relayTime(lastRelayedAt: number | null, now: number, intervalMs: number): number {
  return lastRelayedAt === null ? now : Math.max(now, lastRelayedAt + intervalMs);
}
