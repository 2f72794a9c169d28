import type { Id } from '../shared/actor.js';
import type { Instant } from '../shared/time.js';
import type { CsatScore, FollowUpState } from '../shared/values.js';
import type { TicketCallback } from './callback-values.js';
import type { AutoCloseReason, CloseReason, TicketStatus } from './lifecycle.js';
import type { PartialTicketTimings } from './timings.js';
import type { SlaMetric, TicketChannel, TicketPriority, Tier } from './values.js';

/** An SLA deadline the automation already reported (warning or breach), to make reports idempotent. */
export interface SlaMark {
  readonly metric: SlaMetric;
  readonly dueAt: Instant;
}

/** Which SLA terms govern a ticket (`TicketSlaPolicyApplied`), less the policy itself (the SLA facts carry it). */
export interface TicketSlaTerms {
  readonly policyId: Id | null;
  readonly policyVersion: number | null;
  readonly key: string;
  readonly timings: PartialTicketTimings;
  /** The skill the router requires of the ticket's agent, or none. */
  readonly requiredSkill: string | null;
}

/** The customer's rating of the ticket. */
export interface TicketRating {
  readonly score: CsatScore;
  readonly comment: string | null;
}

/**
 * What the ticket aggregate remembers: everything its rules and the later layers (SLA clocks,
 * reminders, routing, notifications) need. Always rebuilt from events, never stored.
 */
export interface Ticket {
  readonly ticketId: Id;
  readonly customerId: Id;
  readonly subject: string;
  readonly priority: TicketPriority;
  readonly category: string | null;
  /** Triage labels, normalized, in the order they were added. */
  readonly tags: readonly string[];
  readonly channel: TicketChannel;
  readonly language: string | null;
  readonly proactive: boolean;
  readonly suggestionId: Id | null;
  readonly status: TicketStatus;
  /** When the current status was entered. */
  readonly statusSince: Instant;
  readonly assigneeId: Id | null;
  readonly tier: Tier;
  /** Escalated past the top tier: listed in the supervisors' queue until resolved or closed. */
  readonly withSupervisors: boolean;
  /** An agent who should get the ticket while eligible (a converted chat's agent). */
  readonly preferredAgentId: Id | null;
  /**
   * The customer's plan when the ticket was opened: the plan's SLA policy governs it. States
   * carried by workflows from before plans were recorded lack it.
   */
  readonly plan?: string | null;
  readonly openedAt: Instant;
  readonly firstPublicAgentReplyAt: Instant | null;
  /** The team's last public reply: an urgent ticket's customer hears from the team every 2 hours. */
  readonly lastPublicAgentReplyAt: Instant | null;
  /** When the ticket became `urgent` (opened so, raised to it, or reopened so); `null` while it is not urgent. */
  readonly urgentSince: Instant | null;
  /** The `dueAt` of the last customer update flagged late (`TicketCustomerUpdateDue`). */
  readonly customerUpdateFlaggedAt: Instant | null;
  readonly lastCustomerMessageAt: Instant | null;
  /** When the ticket was last resolved; cleared by a reopen. */
  readonly resolvedAt: Instant | null;
  /** When the ticket was closed; cleared by a reopen. */
  readonly closedAt: Instant | null;
  /** Why the ticket is closed (`null` unless `status` is `closed`). */
  readonly closeReason: CloseReason | AutoCloseReason | null;
  /** When `waiting_customer` was entered (`null` outside that status): the reminder schedule starts here. */
  readonly waitingSince: Instant | null;
  /**
   * Reminders sent in the latest waiting period, kept once it ends (a ticket closed for lack of
   * response shows 2); back to 0 when the ticket waits for the customer again.
   */
  readonly remindersSent: 0 | 1 | 2;
  /**
   * When the latest of those reminders went out (`null` before the first): the next step of the
   * schedule keeps its notice from it. States carried by workflows from before it lack it.
   */
  readonly lastReminderAt?: Instant | null;
  readonly rating: TicketRating | null;
  /** The follow-up a low rating asked for: `open` until a supervisor completes it; `null` when none was. */
  readonly followUp: FollowUpState | null;
  readonly slaWarnings: readonly SlaMark[];
  readonly slaBreaches: readonly SlaMark[];
  /** The SLA terms recorded as governing the ticket; `null` while the bootstrap policy does. */
  readonly sla: TicketSlaTerms | null;
  /** Calls to the customer booked on the ticket, in booking order. */
  readonly callbacks: readonly TicketCallback[];
  /** Number of events applied: the stream version the state was rebuilt at. */
  readonly version: number;
}

/** The state of a ticket stream: `null` until the ticket is opened. */
export type TicketState = Ticket | null;
