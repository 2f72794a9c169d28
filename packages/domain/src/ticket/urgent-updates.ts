import { addMillis, HOUR_MS, type Instant, toInstant, toMillis } from '../shared/time.js';
import type { SlaFact } from '../sla/facts.js';
import { isReopen, type TicketStatus } from './lifecycle.js';
import type { Ticket } from './state.js';

/** The customer of an urgent ticket hears from the team at least this often. */
export const CUSTOMER_UPDATE_INTERVAL_MS = 2 * HOUR_MS;

/**
 * When the customer of an urgent ticket is due an update from the team: 2 hours after the team's
 * last public reply, or after the ticket became urgent when the team has not replied since.
 * `null` unless the ticket is `urgent` and `new` or `in_progress` (a ticket waiting for the
 * customer, resolved or closed owes no update). A flagged due time stays due until the team replies.
 */
export function customerUpdateDueAt(
  ticket: Pick<Ticket, 'priority' | 'status' | 'urgentSince' | 'lastPublicAgentReplyAt'>,
): Instant | null {
  const { urgentSince, lastPublicAgentReplyAt } = ticket;
  if (ticket.priority !== 'urgent' || urgentSince === null) return null;
  if (ticket.status !== 'new' && ticket.status !== 'in_progress') return null;
  const lastUpdate =
    lastPublicAgentReplyAt !== null && toMillis(lastPublicAgentReplyAt) > toMillis(urgentSince)
      ? lastPublicAgentReplyAt
      : urgentSince;
  return addMillis(lastUpdate, CUSTOMER_UPDATE_INTERVAL_MS);
}

/**
 * {@link customerUpdateDueAt} from what a read model keeps of a ticket: its current priority and
 * status, the priority it was opened with, and its SLA facts (`slaFactOf`), which hold every
 * priority change, status change and public reply. The fold is the one `evolve` makes: urgent since
 * the ticket was opened so or raised to it (a raise while urgent keeps the first time), never after
 * a drop, and since its reopening when an urgent ticket comes back from resolved or closed.
 */
export function customerUpdateDueFromFacts(ticket: {
  readonly priority: Ticket['priority'];
  readonly status: Ticket['status'];
  readonly openingPriority: Ticket['priority'];
  readonly facts: readonly SlaFact[];
}): Instant | null {
  let urgentSince: number | null = null;
  let lastReply: number | null = null;
  let status: TicketStatus = 'new';
  for (const fact of ticket.facts) {
    if (fact.kind === 'opened') urgentSince = ticket.openingPriority === 'urgent' ? fact.at : null;
    else if (fact.kind === 'priority_changed')
      urgentSince = fact.priority === 'urgent' ? (urgentSince ?? fact.at) : null;
    else if (fact.kind === 'agent_replied') lastReply = fact.at;
    else if (fact.kind === 'status_changed') {
      if (urgentSince !== null && isReopen(status, fact.to)) urgentSince = fact.at;
      status = fact.to;
    }
  }
  return customerUpdateDueAt({
    priority: ticket.priority,
    status: ticket.status,
    urgentSince: urgentSince === null ? null : toInstant(urgentSince),
    lastPublicAgentReplyAt: lastReply === null ? null : toInstant(lastReply),
  });
}
