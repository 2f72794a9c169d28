import { activeItems } from '@support-engine/domain/assignment';
import type { Ticket, TicketCallback } from '@support-engine/domain/ticket';
import type { Selectable } from 'kysely';
import {
  TICKET_FIELDS,
  type TicketColumn,
  type TicketFieldColumns,
  type TicketRow,
  type TicketStateColumn,
  ticketColumnsOfState,
} from '../read-models/tickets/columns.js';
import type {
  AgentsTable,
  ChatMessagesTable,
  ChatSessionsTable,
  TicketMessagesTable,
  TicketsTable,
} from '../schema.js';

const num = (value: string | null) => (value === null ? null : Number(value));

export { TICKET_COLUMNS } from '../read-models/tickets/columns.js';

type TicketViewRow = Pick<Selectable<TicketsTable>, TicketColumn>;

/** The ticket view's fields shown as stored, typed as their columns are selected. */
type TicketFields = { -readonly [F in keyof TicketFieldColumns]: TicketViewRow[TicketFieldColumns[F]] };

// Only plain identifiers are ever compiled: the names are `TICKET_TABLE`'s own (literals in the
// source, never input); any other name stops the module loading.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
for (const name of TICKET_FIELDS.flat())
  if (!IDENTIFIER.test(name)) throw new Error(`Ticket field or column "${name}" is not an identifier`);

/**
 * The described fields of a row, as one object literal compiled once from the table's description.
 * An object built key by key is a dictionary one, ten times slower to build and read (a page of 100
 * tickets mapped: about 50 µs compiled, 590 µs key by key, 1,400 µs with `Object.fromEntries`);
 * selecting the columns aliased to their field names is as fast (about 46 µs), but renames the
 * keys every ticket query and its cursors read and leaves the other columns on the view.
 */
const copyFields = new Function(
  'row',
  `return { ${TICKET_FIELDS.map(([field, column]) => `${field}: row.${column}`).join(', ')} };`,
) as (row: TicketViewRow) => TicketFields;

/**
 * A ticket as queries return it: the fields the table describes as shown as stored
 * (`TICKET_TABLE`'s `field`), then those composed here.
 */
export function ticketView(row: TicketViewRow) {
  return Object.assign(copyFields(row), {
    firstResponseMs: num(row.first_response_ms),
    resolutionMs: num(row.resolution_ms),
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
    callbacks: row.callbacks as TicketCallback[],
  });
}
export type TicketView = ReturnType<typeof ticketView>;

/** The ticket view's fields of a past ticket: those the domain's state gives; the read model's own figures null. */
type PastTicketFields = {
  -readonly [F in keyof TicketFieldColumns]: TicketFieldColumns[F] extends TicketStateColumn
    ? TicketRow[TicketFieldColumns[F]]
    : null;
};

/**
 * A ticket as it was, from its domain state (folded up to a past instant): the same fields as
 * {@link ticketView}, read from the state as the table describes them; what only the read model
 * keeps (message counts, reopenings, SLA standing, ...) is null.
 */
export function ticketViewOfState(ticket: Ticket) {
  const columns: Readonly<Record<string, unknown>> = ticketColumnsOfState(ticket);
  const fields = {} as PastTicketFields;
  for (const [field, column] of TICKET_FIELDS) (fields as Record<string, unknown>)[field] = columns[column] ?? null;
  return Object.assign(fields, {
    firstResponseMs: null,
    resolutionMs: null,
    sla: null,
    csat: ticket.rating,
    callbacks: ticket.callbacks,
  });
}
export type PastTicketView = ReturnType<typeof ticketViewOfState>;

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
    mail: row.mail,
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
    version: row.version,
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
