import { addMillis, HOUR_MS, type Instant, toMillis } from '../shared/time.js';
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
