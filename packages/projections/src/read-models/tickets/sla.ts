import {
  nextSlaBreachAt,
  nextSlaDeadline,
  type SlaPolicy,
  type SlaPriority,
  slaStatus,
  summarizeSla,
} from '@support-engine/domain/sla';
import { customerUpdateDueFromFacts, type Ticket } from '@support-engine/domain/ticket';
import type { TicketRow } from './row.js';

/**
 * The ticket's SLA columns, computed by the domain's calculator from the row's SLA facts at
 * the time of its latest event (`updated_at`), and the urgent ticket's next update due from them. That makes them a pure function of the events,
 * whatever the batch boundaries. A clock that runs past its deadline after the last event is
 * visible to readers as `sla_next_deadline < now()`.
 */
export function withSla(row: TicketRow, policy: SlaPolicy): TicketRow {
  const status = slaStatus({
    policy,
    priority: row.opening_priority as SlaPriority,
    category: row.category ?? undefined,
    facts: row.sla_facts,
    now: Date.parse(row.updated_at),
  });
  const next = nextSlaDeadline(status);
  const breachAt = nextSlaBreachAt(status);
  return {
    ...row,
    sla_state: summarizeSla(status),
    sla_next_deadline: next === null ? null : new Date(next.at).toISOString(),
    sla_next_deadline_metric: next === null ? null : next.metric,
    sla_next_breach_at: breachAt === null ? null : new Date(breachAt).toISOString(),
    sla_first_response: status.metrics.first_response.state,
    sla_next_response: status.metrics.next_response.state,
    sla_resolution: status.metrics.resolution.state,
    customer_update_due_at: customerUpdateDueFromFacts({
      priority: row.priority as Ticket['priority'],
      status: row.status as Ticket['status'],
      openingPriority: row.opening_priority as Ticket['priority'],
      facts: row.sla_facts,
    }),
  };
}
