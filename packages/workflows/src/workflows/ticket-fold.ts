import { evolveTicket, slaFactOf, type TicketEvent } from '@support-engine/domain';
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
