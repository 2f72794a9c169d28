import type { ChatEvent } from './events.js';

/**
 * Which chat events change what the chat's customer is shown: not the follow-up a low rating
 * asks the supervisors for. Keyed by every event type, so a new event must be placed.
 */
export const CHAT_EVENTS_SHOWN_TO_CUSTOMERS: Readonly<Record<ChatEvent['type'], boolean>> = {
  ChatStarted: true,
  ChatMessageSent: true,
  ChatAssigned: true,
  ChatTransferred: true,
  ChatTransferredToQueue: true,
  ChatClosed: true,
  ChatConvertedToTicket: true,
  ChatRated: true,
  ChatFollowUpRequested: false,
  ChatFollowUpCompleted: false,
  ChatCustomerChanged: true,
  ChatTranscriptRequested: false,
};

/**
 * Whether the chat's customer is told of this event (a live feed of their chat): not of a
 * staff-only message, nor of the events {@link CHAT_EVENTS_SHOWN_TO_CUSTOMERS} keeps for the
 * team. An event type this version does not know is not shown.
 */
export function chatEventShownToCustomer(event: { readonly type: string; readonly data: unknown }): boolean {
  const shown = (CHAT_EVENTS_SHOWN_TO_CUSTOMERS as Readonly<Record<string, boolean>>)[event.type] === true;
  return shown && !(event.type === 'ChatMessageSent' && (event.data as { internal?: unknown }).internal === true);
}

/**
 * Whether the event moves the chat away from customer `customerId` (`ChatCustomerChanged`, a
 * merge): their live feed of it tells them so, then ends (the chat is the surviving customer's).
 */
export function chatMovedAwayFrom(
  event: { readonly type: string; readonly data: unknown },
  customerId: string,
): boolean {
  return event.type === 'ChatCustomerChanged' && (event.data as { from?: unknown }).from === customerId;
}
