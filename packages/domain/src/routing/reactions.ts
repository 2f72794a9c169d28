import type { ChatEvent } from '../chat/events.js';
import type { CustomerActivityEvent } from '../proactive/events.js';
import type { Id } from '../shared/actor.js';
import type { LoggedEvent, PendingHandOver, Reaction } from './board-state.js';
import { ticketFromChat, ticketFromSuggestion } from './follow-ups.js';

// The commands the routing rules ask for in reaction to what happened, each with a command id
// derived from its cause, so whoever issues it (the router, again after a crash, or the API
// right away) issues it once.

/** Gives back an agent's slot whose hand-over did not happen (that reservation's). */
export function cancelWork(agentId: Id, reservationId: Id): Reaction {
  return {
    category: 'agent',
    id: agentId,
    command: {
      type: 'ReleaseWork',
      data: { agentId, reservationIds: [reservationId], cause: 'cancelled', reason: 'the item moved on first' },
    },
    commandId: cancelCommandId(reservationId),
  };
}

/** The chat events that end a chat's hold on its customer's open-chat slot, and the release's cause. */
const SLOT_ENDINGS: Readonly<Record<string, 'closed' | 'converted'>> = {
  ChatClosed: 'closed',
  ChatConvertedToTicket: 'converted',
};

/** Whether a chat event ends the chat's hold on its customer's open-chat slot. */
export const endsChatSlot = (event: Pick<LoggedEvent, 'type'>): boolean => Object.hasOwn(SLOT_ENDINGS, event.type);

/**
 * Gives a customer back the open-chat slot of a chat that ended at `ended` (`ChatClosed`: cause
 * `closed`; `ChatConvertedToTicket`: `converted`). Its command id derives from that event, so the
 * router and a chat start that finds the slot still held issue it once between them.
 */
export function releaseEndedChatSlot(
  customerId: Id,
  chatId: Id,
  ended: Pick<LoggedEvent, 'streamId' | 'version' | 'type'>,
): Reaction {
  const cause = SLOT_ENDINGS[ended.type];
  if (cause === undefined) throw new Error(`${ended.type} ends no chat`);
  return {
    category: 'customer',
    id: customerId,
    command: { type: 'ReleaseChatSlot', data: { customerId, chatId, cause, reason: `chat ${cause}` } },
    // Its own prefix: the agent's release of the same event has `release:`, and ids are global.
    commandId: `chat-slot:${ended.streamId}@${ended.version}`,
  };
}

/** Gives back a customer's open-chat slot whose chat did not start (that reservation's only). */
export function cancelChatStart(customerId: Id, chatId: Id, reservationId: Id): Reaction {
  return {
    category: 'customer',
    id: customerId,
    command: {
      type: 'ReleaseChatSlot',
      data: { customerId, chatId, reservationId, cause: 'cancelled', reason: 'the chat did not start' },
    },
    commandId: cancelCommandId(reservationId),
  };
}

/** Gives back the slot of a reservation whose item command can no longer apply, on whichever ledger holds it. */
export function cancelPending(pending: PendingHandOver): Reaction {
  return pending.ledger === 'customer'
    ? cancelChatStart(pending.customerId, pending.item.id, pending.reservationId)
    : cancelWork(pending.agentId, pending.reservationId);
}

/** The command id that gives back a reservation whose hand-over did not happen (whoever finds it first). */
export function cancelCommandId(reservationId: Id): string {
  return `cancel:${reservationId}`;
}

export function unassign(ticketId: Id, agentId: Id, event: LoggedEvent, reason: string): Reaction {
  return {
    category: 'ticket',
    id: ticketId,
    command: { type: 'UnassignTicket', data: { ticketId, agentId, reason } },
    commandId: `unassign:${event.streamId}@${event.version}`,
  };
}

export function followUpOfChat(event: LoggedEvent): Reaction[] {
  const typed = { type: event.type, data: event.data } as Extract<ChatEvent, { type: 'ChatConvertedToTicket' }>;
  const command = ticketFromChat(typed.data);
  return [{ category: 'ticket', id: command.data.ticketId, command, commandId: followUpCommandId(event) }];
}

export function followUpOfSuggestion(event: LoggedEvent): Reaction[] {
  if (event.type !== 'SuggestionAccepted') return [];
  const typed = { type: event.type, data: event.data } as Extract<
    CustomerActivityEvent,
    { type: 'SuggestionAccepted' }
  >;
  const command = ticketFromSuggestion(typed.data);
  return [{ category: 'ticket', id: command.data.ticketId, command, commandId: followUpCommandId(event) }];
}

/**
 * The command id of the ticket a logged decision (a conversion, an accepted suggestion) opens:
 * derived from that event, so whoever opens it first (the API right away, or the router) opens it once.
 */
export function followUpCommandId(event: Pick<LoggedEvent, 'streamId' | 'version'>): string {
  return `follow-up:${event.streamId}@${event.version}`;
}
