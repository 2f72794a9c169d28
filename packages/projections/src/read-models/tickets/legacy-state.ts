import type { Ticket } from '@support-engine/domain/ticket';
import type { TicketRow } from './columns.js';

/**
 * The domain state a ticket row projected before the row kept one (migration `0048_ticket_state`)
 * holds in its columns, for its next event to fold into. Every field a column reads, and every
 * field the fold reads to set one, comes from the row, so the columns fold as they would from the
 * full state. The fields no column holds (the router's preferred agent, the urgent and reminder
 * clocks' instants, the recorded SLA warnings and breaches, the SLA terms' key, timings and skill)
 * stay unknown until `support-engine rebuild --projection tickets --in-place`; a field the state
 * gains later is absent, as from every state stored before it (`ticketColumnsOfState` reads null).
 */
export function stateOfRow(row: TicketRow): Ticket {
  const status = row.status as Ticket['status'];
  const known = {
    ticketId: row.ticket_id,
    customerId: row.customer_id,
    subject: row.subject,
    priority: row.priority as Ticket['priority'],
    category: row.category,
    tags: row.tags,
    channel: row.channel as Ticket['channel'],
    language: row.language,
    proactive: row.proactive,
    suggestionId: row.suggestion_id,
    status,
    statusSince: row.status_since,
    assigneeId: row.assignee_id,
    tier: row.tier as Ticket['tier'],
    withSupervisors: row.with_supervisors,
    preferredAgentId: null,
    plan: row.plan,
    openedAt: row.opened_at,
    firstPublicAgentReplyAt: row.first_response_at,
    lastPublicAgentReplyAt: null,
    urgentSince: null,
    customerUpdateFlaggedAt: null,
    lastCustomerMessageAt: row.last_customer_message_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason as Ticket['closeReason'],
    waitingSince: status === 'waiting_customer' ? row.status_since : null,
    remindersSent: row.reminders_sent as Ticket['remindersSent'],
    lastReminderAt: null,
    rating:
      row.csat_score === null
        ? null
        : { score: row.csat_score as NonNullable<Ticket['rating']>['score'], comment: row.csat_comment },
    followUp: row.follow_up_completed_at !== null ? 'done' : row.follow_up_requested ? 'open' : null,
    slaWarnings: [],
    slaBreaches: [],
    sla:
      row.sla_policy_id === null && row.sla_policy_version === null
        ? null
        : {
            policyId: row.sla_policy_id,
            policyVersion: row.sla_policy_version,
            key: '',
            timings: {},
            requiredSkill: null,
          },
    callbacks: row.callbacks,
    version: row.version,
  } satisfies Partial<Ticket>;
  return known as Ticket;
}
