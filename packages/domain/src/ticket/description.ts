import type { Actor } from '../shared/actor.js';
import type { TicketEventOf } from './events.js';

/**
 * Who wrote a ticket's description, its first message. The customer, whoever opened the ticket
 * for them (an agent taking a call, a portal, an email import): the description is their account
 * of the problem. The engine's own tickets are the exception: a proactive ticket's description is
 * the rule's, and a converted chat's names the chat (its transcript carries the customer's words),
 * so both are the opener's.
 */
export function descriptionAuthor(opened: TicketEventOf<'TicketOpened'>['data']): Actor {
  if (opened.proactive || opened.transcript !== undefined) return opened.actor;
  return { id: opened.customerId, role: 'customer' };
}
