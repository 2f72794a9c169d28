import type { TicketEvent } from './events.js';

/**
 * Which ticket events change what the ticket's customer is shown. The others are the team's own
 * business: how it labels, escalates and measures the work (tags, escalations, SLA terms,
 * warnings and breaches, the follow-ups of a low rating), as the customer's view of the ticket
 * leaves them out. Their calls are theirs: each state a call goes through (booked, due, made,
 * called off, missed) is in their view, so each is in their feed too (the escalation a missed
 * call causes is not). Keyed by every event type, so a new event must be placed.
 */
export const TICKET_EVENTS_SHOWN_TO_CUSTOMERS: Readonly<Record<TicketEvent['type'], boolean>> = {
  TicketOpened: true,
  TicketStatusChanged: true,
  TicketAgentReplied: true,
  TicketCustomerReplied: true,
  TicketAssigned: true,
  TicketUnassigned: true,
  TicketPriorityChanged: true,
  TicketCategoryChanged: true,
  TicketTagsAdded: false,
  TicketTagsRemoved: false,
  TicketSlaPolicyApplied: false,
  TicketEscalated: false,
  TicketEscalatedToSupervisors: false,
  TicketReminderSent: true,
  TicketAutoClosed: true,
  TicketSlaWarning: false,
  TicketSlaBreached: false,
  TicketRated: true,
  TicketFollowUpRequested: false,
  TicketFollowUpCompleted: false,
  TicketCustomerUpdateDue: false,
  TicketCallbackScheduled: true,
  TicketCallbackDue: true,
  TicketCallbackCompleted: true,
  TicketCallbackCancelled: true,
  TicketCallbackMissed: true,
  TicketCustomerChanged: true,
};

/**
 * Whether the ticket's customer is told of this event (a live feed of their ticket): not of an
 * internal note, nor of the events {@link TICKET_EVENTS_SHOWN_TO_CUSTOMERS} keeps for the team.
 * An event type this version does not know is not shown.
 */
export function ticketEventShownToCustomer(event: { readonly type: string; readonly data: unknown }): boolean {
  const shown = (TICKET_EVENTS_SHOWN_TO_CUSTOMERS as Readonly<Record<string, boolean>>)[event.type] === true;
  const data = event.data as { readonly visibility?: unknown };
  return shown && !(event.type === 'TicketAgentReplied' && data.visibility === 'internal');
}
