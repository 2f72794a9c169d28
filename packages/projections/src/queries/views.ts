import { activeItems } from '@support-engine/domain/assignment';
import type { TicketCallback } from '@support-engine/domain/ticket';
import type { Selectable } from 'kysely';
import type { TicketColumn } from '../read-models/tickets/columns.js';
import type {
  AgentsTable,
  ChatMessagesTable,
  ChatSessionsTable,
  TicketMessagesTable,
  TicketsTable,
} from '../schema.js';

const num = (value: string | null) => (value === null ? null : Number(value));

export { TICKET_COLUMNS } from '../read-models/tickets/columns.js';

/** A ticket as queries return it. */
export function ticketView(row: Pick<Selectable<TicketsTable>, TicketColumn>) {
  return {
    ticketId: row.ticket_id,
    customerId: row.customer_id,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    category: row.category,
    tags: row.tags,
    channel: row.channel,
    language: row.language,
    plan: row.plan,
    tier: row.tier,
    assigneeId: row.assignee_id,
    proactive: row.proactive,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    statusSince: row.status_since,
    firstResponseAt: row.first_response_at,
    firstResponseMs: num(row.first_response_ms),
    lastCustomerMessageAt: row.last_customer_message_at,
    resolvedAt: row.resolved_at,
    resolutionMs: num(row.resolution_ms),
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    reopenCount: row.reopen_count,
    remindersSent: row.reminders_sent,
    messageCount: row.message_count,
    publicMessageCount: row.public_message_count,
    sla: {
      state: row.sla_state,
      nextDeadline: row.sla_next_deadline,
      nextDeadlineMetric: row.sla_next_deadline_metric,
      nextBreachAt: row.sla_next_breach_at,
      customerUpdateDueAt: row.customer_update_due_at,
      policyId: row.sla_policy_id,
      policyVersion: row.sla_policy_version,
      firstResponse: row.sla_first_response,
      nextResponse: row.sla_next_response,
      resolution: row.sla_resolution,
      warningsRecorded: row.sla_warnings_recorded,
      breachesRecorded: row.sla_breaches_recorded,
    },
    csat: row.csat_score === null ? null : { score: row.csat_score, comment: row.csat_comment },
    followUpRequested: row.follow_up_requested,
    version: row.version,
    queuedSince: row.queued_since,
    withSupervisors: row.with_supervisors,
    callbacks: row.callbacks as TicketCallback[],
  };
}
export type TicketView = ReturnType<typeof ticketView>;

/** A ticket message as queries return it. */
export function ticketMessageView(row: Omit<Selectable<TicketMessagesTable>, 'search'>) {
  return {
    messageId: row.message_id,
    seq: row.seq,
    authorKind: row.author_kind,
    authorId: row.author_id,
    source: row.source,
    internal: row.internal,
    body: row.body,
    at: row.at,
    attachments: row.attachments,
    articles: row.articles,
  };
}
export type TicketMessageView = ReturnType<typeof ticketMessageView>;

/** A chat session as queries return it. */
export function chatView(row: Selectable<ChatSessionsTable>) {
  return {
    chatId: row.chat_id,
    customerId: row.customer_id,
    status: row.status,
    priority: row.priority,
    category: row.category,
    language: row.language,
    assigneeId: row.assignee_id,
    startedAt: row.started_at,
    assignedAt: row.assigned_at,
    lastActivityAt: row.last_activity_at,
    inactivityTimeoutMs: row.inactivity_timeout_ms,
    closedAt: row.closed_at,
    closeCause: row.close_cause,
    ticketId: row.ticket_id,
    messageCount: row.message_count,
    publicMessageCount: row.public_message_count,
    csat: row.csat_score === null ? null : { score: row.csat_score, comment: row.csat_comment },
    followUpRequested: row.follow_up_requested,
  };
}
export type ChatView = ReturnType<typeof chatView>;

/** Every chat message column a query returns (the search vector is internal). */
export const CHAT_MESSAGE_COLUMNS = [
  'chat_id',
  'message_id',
  'seq',
  'sender',
  'author_id',
  'body',
  'internal',
  'at',
  'attachments',
] as const;

/** A chat message as queries return it. */
export function chatMessageView(row: Omit<Selectable<ChatMessagesTable>, 'search'>) {
  return {
    messageId: row.message_id,
    seq: row.seq,
    sender: row.sender,
    authorId: row.author_id,
    body: row.body,
    internal: row.internal,
    at: row.at,
    attachments: row.attachments,
  };
}
export type ChatMessageView = ReturnType<typeof chatMessageView>;

/** An agent as queries return it. */
export function agentView(row: Selectable<AgentsTable>) {
  return {
    agentId: row.agent_id,
    name: row.name,
    skills: row.skills,
    languages: row.languages,
    tier: row.tier,
    capacity: row.capacity,
    ticketCapacity: row.ticket_capacity,
    performanceRating: row.performance_rating,
    availability: row.availability,
    activeTickets: row.active_tickets,
    activeChats: row.active_chats,
    workload: activeItems({ chats: row.active_chats, tickets: row.active_tickets }),
    registeredAt: row.registered_at,
    updatedAt: row.updated_at,
    deactivatedAt: row.deactivated_at,
  };
}
export type AgentView = ReturnType<typeof agentView>;
