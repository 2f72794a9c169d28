import type { SlaFact } from '@support-engine/domain/sla';
import type { Ticket, TicketCallback } from '@support-engine/domain/ticket';
import {
  type Column,
  instant,
  json,
  nullableInstant,
  nullableInt8,
  plain,
  type RowOf,
  type TableOf,
} from '../columns.js';

/** What a ticket column is beyond its storage: where the domain holds it, how a ticket shows it, whether lists filter on it. */
interface Description<M> {
  /**
   * How the domain's own fold (`evolveTicket`) holds it: the column is read from the row's `state`
   * after every event, rather than the projection reading the event a second time.
   */
  readonly state?: (ticket: Ticket) => M;
  /** The field showing it, as stored, on the ticket view and the GraphQL `Ticket`. */
  readonly field?: string;
  /** Lists filter on it: `TicketFilter` (and `tickets(filter:)`) keep tickets whose value is one of those given. */
  readonly filter?: true;
}

/** A column with its {@link Description}. */
const described = <S, W, M, const D extends Description<M>>(column: Column<S, W, M>, description: D) => ({
  ...column,
  ...description,
});

/**
 * The `tickets` table, column by column: its kysely type ({@link TicketsColumns}), the row the
 * projection folds in memory ({@link TicketRow}, instants as ISO strings, durations in ms), both
 * conversions, the columns queries return, the columns the domain's state gives a ticket's row
 * after each event ({@link setColumnsOfState}), the ticket view's plain fields (`views.ts`) and
 * the list filters on a set of values ({@link TICKET_LIST_FILTERS}) all derive from this one list.
 * (`search`, a tsvector PostgreSQL computes, is declared with the table in `schema.ts`.)
 */
export const TICKET_TABLE = {
  ticket_id: described(plain<string>(), { state: (t) => t.ticketId, field: 'ticketId' }),
  customer_id: described(plain<string>(), { state: (t) => t.customerId, field: 'customerId' }),
  subject: described(plain<string>(), { state: (t) => t.subject, field: 'subject' }),
  status: described(plain<string>(), { state: (t) => t.status, field: 'status', filter: true }),
  priority: described(plain<string>(), { state: (t) => t.priority, field: 'priority', filter: true }),
  /** Priority at opening: the SLA calculator starts from it and follows priority changes. */
  opening_priority: plain<string>(),
  category: described(plain<string | null>(), { state: (t) => t.category, field: 'category' }),
  channel: described(plain<string>(), { state: (t) => t.channel, field: 'channel', filter: true }),
  language: described(plain<string | null>(), { state: (t) => t.language, field: 'language' }),
  /** The customer's plan when the ticket was opened (the one its plan's SLA policy follows); null: none. */
  plan: described(plain<string | null>(), { state: (t) => t.plan ?? null, field: 'plan' }),
  tier: described(plain<number>(), { state: (t) => t.tier, field: 'tier' }),
  assignee_id: described(plain<string | null>(), { state: (t) => t.assigneeId, field: 'assigneeId' }),
  proactive: described(plain<boolean>(), { state: (t) => t.proactive, field: 'proactive' }),
  /** The proactive suggestion the ticket was opened from (its customer accepted it); null: none. */
  suggestion_id: described(plain<string | null>(), {
    state: (t) => t.suggestionId,
    field: 'suggestionId',
    filter: true,
  }),
  opened_at: described(instant, { state: (t) => t.openedAt, field: 'openedAt' }),
  updated_at: described(instant, { field: 'updatedAt' }),
  status_since: described(instant, { state: (t) => t.statusSince, field: 'statusSince' }),
  first_response_at: described(nullableInstant, { state: (t) => t.firstPublicAgentReplyAt, field: 'firstResponseAt' }),
  first_response_ms: nullableInt8,
  last_customer_message_at: described(nullableInstant, {
    state: (t) => t.lastCustomerMessageAt,
    field: 'lastCustomerMessageAt',
  }),
  resolved_at: described(nullableInstant, { state: (t) => t.resolvedAt, field: 'resolvedAt' }),
  resolution_ms: nullableInt8,
  closed_at: described(nullableInstant, { state: (t) => t.closedAt, field: 'closedAt' }),
  close_reason: described(plain<string | null>(), { state: (t) => t.closeReason, field: 'closeReason' }),
  reopen_count: described(plain<number>(), { field: 'reopenCount' }),
  reminders_sent: described(plain<number>(), { state: (t) => t.remindersSent, field: 'remindersSent' }),
  message_count: described(plain<number>(), { field: 'messageCount' }),
  /** The messages a customer sees: internal notes left out. */
  public_message_count: described(plain<number>(), { field: 'publicMessageCount' }),
  /** Public replies by staff (first-contact resolution wants exactly one), not a chat transcript's agent lines. */
  agent_reply_count: plain<number>(),
  /** Ever resolved (entered `resolved`, or `closed` other than as spam/invalid), reopened since or not. */
  resolved_once: plain<boolean>(),
  sla_state: plain<string>(),
  sla_next_deadline: nullableInstant,
  sla_next_deadline_metric: plain<string | null>(),
  /** When the first running SLA clock breaches if nothing stops it (the next deadline may be a warning). */
  sla_next_breach_at: nullableInstant,
  /** Urgent tickets: when the customer is owed the team's next update (the domain's `customerUpdateDueAt`). */
  customer_update_due_at: nullableInstant,
  /** The SLA policy the ticket recorded as governing it, and its version; null: the bootstrap policy. */
  sla_policy_id: described(plain<string | null>(), { state: (t) => t.sla?.policyId ?? null }),
  sla_policy_version: described(plain<number | null>(), { state: (t) => t.sla?.policyVersion ?? null }),
  /** Triage tags, normalized, in the order they were added. */
  tags: described(plain<string[]>(), { state: (t) => [...t.tags], field: 'tags' }),
  sla_first_response: plain<string>(),
  sla_next_response: plain<string>(),
  sla_resolution: plain<string>(),
  sla_warnings_recorded: plain<number>(),
  sla_breaches_recorded: plain<number>(),
  /** The ticket's SLA timeline, so the next batch can recompute the clocks (internal: never returned). */
  sla_facts: json<SlaFact[]>(),
  /** The calls booked on the ticket, in booking order. */
  callbacks: described(json<readonly TicketCallback[]>(), { state: (t) => t.callbacks }),
  csat_score: described(plain<number | null>(), { state: (t) => t.rating?.score ?? null }),
  csat_comment: described(plain<string | null>(), { state: (t) => t.rating?.comment ?? null }),
  /** A low rating asked for a follow-up: the flag stays once it is done. */
  follow_up_requested: described(plain<boolean>(), { state: (t) => t.followUp !== null, field: 'followUpRequested' }),
  /** When a low rating asked for a follow-up (null: none asked, or asked before this column existed). */
  follow_up_requested_at: nullableInstant,
  /** When a supervisor recorded the follow-up done, and what they noted. */
  follow_up_completed_at: nullableInstant,
  follow_up_note: plain<string | null>(),
  version: described(plain<number>(), { state: (t) => t.version, field: 'version' }),
  /** Since when the ticket waits for an agent: set while it is open and unassigned, else null. */
  queued_since: described(nullableInstant, { field: 'queuedSince' }),
  /** Escalated past the top tier: in the supervisors' queue until resolved or closed. */
  with_supervisors: described(plain<boolean>(), { state: (t) => t.withSupervisors, field: 'withSupervisors' }),
  /** Ever escalated past the top tier, even once resolved (which takes it off the supervisors' queue). */
  escalated_to_supervisors: plain<boolean>(),
  /** When the latest recorded SLA breach fell due (its deadline), for the live board; null: none recorded. */
  last_sla_breach_at: nullableInstant,
  /**
   * The ticket as the domain's fold (`evolveTicket`) holds it after the row's latest event: each
   * later event is folded into it, and every column with a `state` read from it (internal: never
   * returned). Null in a row projected before the column existed (see `stateOfRow`).
   */
  state: json<Ticket | null>(),
};

/** The ticket columns kysely sees (`schema.ts` adds the computed `search`). */
export type TicketsColumns = TableOf<typeof TICKET_TABLE>;

/** A ticket row held in memory while a batch is folded; instants are ISO strings, durations ms. */
export type TicketRow = RowOf<typeof TICKET_TABLE>;

/**
 * Columns no ticket query returns: the SLA timeline and the domain's state only the projection
 * reads back (to recompute the clocks, to fold the next event), and the figures only reports and
 * the live board read (aggregated, never per ticket).
 */
const HIDDEN_COLUMNS = [
  'sla_facts',
  'state',
  'agent_reply_count',
  'resolved_once',
  'escalated_to_supervisors',
  'last_sla_breach_at',
] as const satisfies readonly (keyof typeof TICKET_TABLE)[];
const HIDDEN: ReadonlySet<string> = new Set(HIDDEN_COLUMNS);

/** A column a ticket query returns. */
export type TicketColumn = Exclude<keyof typeof TICKET_TABLE, (typeof HIDDEN_COLUMNS)[number]>;

/** A column whose value the domain's state holds (its description's `state`). */
export type TicketStateColumn = {
  [K in keyof typeof TICKET_TABLE]: (typeof TICKET_TABLE)[K] extends { state: unknown } ? K : never;
}[keyof typeof TICKET_TABLE];

/**
 * Every column in the table's order, none set: a ticket's row opens as a copy of it, then the
 * columns the domain's state gives, then the read model's own, so every row has one shape.
 */
export const TICKET_ROW_SHAPE: { readonly [K in keyof typeof TICKET_TABLE]: null } = JSON.parse(
  JSON.stringify(Object.fromEntries(Object.keys(TICKET_TABLE).map((name) => [name, null]))),
);

const STATE_READERS = Object.entries(TICKET_TABLE).flatMap(([name, column]) =>
  'state' in column ? [[name, column.state as (ticket: Ticket) => unknown] as const] : [],
);

/** The columns a ticket's domain state gives, read from it as the table describes them. */
export function ticketColumnsOfState(ticket: Ticket): Pick<TicketRow, TicketStateColumn> {
  return setColumnsOfState({}, ticket);
}

/**
 * Sets on `row` the columns `ticket` gives ({@link ticketColumnsOfState}): folding an event into a
 * fresh copy of the row so costs no object between them.
 */
export function setColumnsOfState<R extends object>(row: R, ticket: Ticket): R & Pick<TicketRow, TicketStateColumn> {
  const target = row as Record<string, unknown>;
  // A state stored before a field existed lacks it: its column is null, as a column added to old rows.
  for (const [name, read] of STATE_READERS) target[name] = read(ticket) ?? null;
  return row as R & Pick<TicketRow, TicketStateColumn>;
}

/** The ticket view's fields shown as stored: each field's column (its description's `field`). */
export type TicketFieldColumns = {
  [K in keyof typeof TICKET_TABLE as (typeof TICKET_TABLE)[K] extends { field: infer F extends string } ? F : never]: K;
};

/** Every plain field of the ticket view, with its column. */
export const TICKET_FIELDS = Object.entries(TICKET_TABLE).flatMap(([name, column]) =>
  'field' in column ? [[column.field, name] as const] : [],
) as readonly (readonly [keyof TicketFieldColumns, TicketFieldColumns[keyof TicketFieldColumns]])[];

/** A field lists filter on by a set of values (its description's `filter`). */
export type TicketListFilter = {
  [F in keyof TicketFieldColumns]: (typeof TICKET_TABLE)[TicketFieldColumns[F]] extends { filter: true } ? F : never;
}[keyof TicketFieldColumns];

/** The fields lists filter on by a set of values, with their columns. */
export const TICKET_LIST_FILTERS = TICKET_FIELDS.filter(
  ([, column]) => 'filter' in TICKET_TABLE[column],
) as readonly (readonly [TicketListFilter, TicketFieldColumns[TicketListFilter]])[];

/** Every ticket column a query returns: all but the internal and report-only ones. */
export const TICKET_COLUMNS = Object.keys(TICKET_TABLE).filter((name) => !HIDDEN.has(name)) as TicketColumn[];
