import { evolveTicket, type SlaFact, type TicketEvent, toMillis } from '@support-engine/domain';
import type { DeliveredEvent, TicketFold } from '../contract.js';

/** The fold of a stream with no events yet. */
export const EMPTY_TICKET_FOLD: TicketFold = { ticket: null, openingPriority: 'normal', slaFacts: [] };

/**
 * Applies one delivered ticket event: the domain's `evolve` for the ticket, plus the event's
 * SLA fact for the calculator. Events come from the store, written by the ticket decider.
 */
export function foldTicketEvent(fold: TicketFold, delivered: DeliveredEvent): TicketFold {
  const event = { type: delivered.type, data: delivered.data } as TicketEvent;
  const fact = slaFactOf(event);
  return {
    ticket: evolveTicket(fold.ticket, event),
    openingPriority: event.type === 'TicketOpened' ? event.data.priority : fold.openingPriority,
    slaFacts: fact === null ? fold.slaFacts : [...fold.slaFacts, fact],
  };
}

/**
 * The SLA calculator's view of a ticket event (see `SlaFact`): openings, public agent replies,
 * customer messages, status and priority changes; every other event leaves the clocks alone.
 */
export function slaFactOf(event: TicketEvent): SlaFact | null {
  const at = toMillis(event.data.at);
  switch (event.type) {
    case 'TicketOpened':
      return { kind: 'opened', at };
    case 'TicketAgentReplied':
      return event.data.visibility === 'public' ? { kind: 'agent_replied', at } : null;
    case 'TicketCustomerReplied':
      return { kind: 'customer_messaged', at };
    case 'TicketStatusChanged':
      return { kind: 'status_changed', at, to: event.data.to };
    case 'TicketAutoClosed':
      return { kind: 'status_changed', at, to: 'closed' };
    case 'TicketPriorityChanged':
      return { kind: 'priority_changed', at, priority: event.data.to };
    default:
      return null;
  }
}
