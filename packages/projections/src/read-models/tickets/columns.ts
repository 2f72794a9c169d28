import type { SlaFact } from '@support-engine/domain/sla';
import type { TicketCallback } from '@support-engine/domain/ticket';
import { instant, json, nullableInstant, nullableInt8, plain, type RowOf, type TableOf } from '../columns.js';

/**
 * The `tickets` table, column by column: its kysely type ({@link TicketsColumns}), the row the
 * projection folds in memory ({@link TicketRow}, instants as ISO strings, durations in ms), both
 * conversions, and the columns queries return all derive from this one list. (`search`, a
 * tsvector PostgreSQL computes, is declared with the table in `schema.ts`.)
 */
export const TICKET_TABLE = {
  ticket_id: plain<string>(),
  customer_id: plain<string>(),
  subject: plain<string>(),
  status: plain<string>(),
  priority: plain<string>(),
  /** Priority at opening: the SLA calculator starts from it and follows priority changes. */
  opening_priority: plain<string>(),
  category: plain<string | null>(),
  channel: plain<string>(),
  language: plain<string | null>(),
  /** The customer's plan when the ticket was opened (the one its plan's SLA policy follows); null: none. */
  plan: plain<string | null>(),
  tier: plain<number>(),
  assignee_id: plain<string | null>(),
  proactive: plain<boolean>(),
  opened_at: instant,
  updated_at: instant,
  status_since: instant,
  first_response_at: nullableInstant,
  first_response_ms: nullableInt8,
  last_customer_message_at: nullableInstant,
  resolved_at: nullableInstant,
  resolution_ms: nullableInt8,
  closed_at: nullableInstant,
  close_reason: plain<string | null>(),
  reopen_count: plain<number>(),
  reminders_sent: plain<number>(),
  message_count: plain<number>(),
  /** The messages a customer sees: internal notes left out. */
  public_message_count: plain<number>(),
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
  sla_policy_id: plain<string | null>(),
  sla_policy_version: plain<number | null>(),
  /** Triage tags, normalized, in the order they were added. */
  tags: plain<string[]>(),
  sla_first_response: plain<string>(),
  sla_next_response: plain<string>(),
  sla_resolution: plain<string>(),
  sla_warnings_recorded: plain<number>(),
  sla_breaches_recorded: plain<number>(),
  /** The ticket's SLA timeline, so the next batch can recompute the clocks (internal: never returned). */
  sla_facts: json<SlaFact[]>(),
  /** The calls booked on the ticket, in booking order. */
  callbacks: json<readonly TicketCallback[]>(),
  csat_score: plain<number | null>(),
  csat_comment: plain<string | null>(),
  follow_up_requested: plain<boolean>(),
  /** When a low rating asked for a follow-up (null: none asked, or asked before this column existed). */
  follow_up_requested_at: nullableInstant,
  /** When a supervisor recorded the follow-up done, and what they noted. */
  follow_up_completed_at: nullableInstant,
  follow_up_note: plain<string | null>(),
  version: plain<number>(),
  /** Since when the ticket waits for an agent: set while it is open and unassigned, else null. */
  queued_since: nullableInstant,
  /** Escalated past the top tier: in the supervisors' queue until resolved or closed. */
  with_supervisors: plain<boolean>(),
  /** Ever escalated past the top tier, even once resolved (which takes it off the supervisors' queue). */
  escalated_to_supervisors: plain<boolean>(),
  /** When the latest recorded SLA breach fell due (its deadline), for the live board; null: none recorded. */
  last_sla_breach_at: nullableInstant,
};

/** The ticket columns kysely sees (`schema.ts` adds the computed `search`). */
export type TicketsColumns = TableOf<typeof TICKET_TABLE>;

/** A ticket row held in memory while a batch is folded; instants are ISO strings, durations ms. */
export type TicketRow = RowOf<typeof TICKET_TABLE>;

/**
 * Columns no ticket query returns: the SLA timeline only the projection reads back (to recompute
 * the clocks), and the figures only reports and the live board read (aggregated, never per ticket).
 */
const HIDDEN_COLUMNS = [
  'sla_facts',
  'agent_reply_count',
  'resolved_once',
  'escalated_to_supervisors',
  'last_sla_breach_at',
] as const satisfies readonly (keyof typeof TICKET_TABLE)[];
const HIDDEN: ReadonlySet<string> = new Set(HIDDEN_COLUMNS);

/** A column a ticket query returns. */
export type TicketColumn = Exclude<keyof typeof TICKET_TABLE, (typeof HIDDEN_COLUMNS)[number]>;

/** Every ticket column a query returns: all but the internal and report-only ones. */
export const TICKET_COLUMNS = Object.keys(TICKET_TABLE).filter((name) => !HIDDEN.has(name)) as TicketColumn[];
