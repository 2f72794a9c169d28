import { toMillis } from '../shared/time.js';
import type { SlaFact } from '../sla/facts.js';
import type { TicketEvent } from './events.js';

/**
 * The SLA calculator's view of a ticket event: openings, public agent replies, customer
 * messages, status, priority and category changes, and the policies applied. Every other event (internal notes, assignment,
 * reminders, ...) leaves the clocks alone and yields null. Workflows and read models both fold
 * tickets into SLA timelines with this, so they agree on every deadline.
 */
export function slaFactOf(event: TicketEvent): SlaFact | null {
  const at = toMillis(event.data.at);
  switch (event.type) {
    case 'TicketOpened':
      return event.data.category === undefined
        ? { kind: 'opened', at }
        : { kind: 'opened', at, category: event.data.category };
    case 'TicketCategoryChanged':
      return { kind: 'category_changed', at, category: event.data.to };
    case 'TicketSlaPolicyApplied':
      // None recorded: the deployment's policy governs again.
      return { kind: 'policy_changed', at, policy: event.data.policy };
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
