import { z } from 'zod';
import { MessageAttachments } from '../attachment/values.js';
import { MailOrigin } from '../inbound-mail/origin.js';
import { RoutingExplanation } from '../routing/explanation.js';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { PlanName } from '../shared/plan.js';
import { Instant } from '../shared/time.js';
import { CsatComment, CsatScore, FollowUpNote, LanguageTag } from '../shared/values.js';
import { SlaPolicy } from '../sla/policy.js';
import { AutoCloseReason, CloseReason, TicketStatus } from './lifecycle.js';
import { PartialTicketTimings } from './timings.js';
import {
  Category,
  EscalationReason,
  LinkedArticles,
  MessageBody,
  MessageText,
  ReminderNumber,
  SlaMetric,
  Subject,
  TicketChannel,
  TicketPriority,
  Tier,
  Transcript,
  Visibility,
} from './values.js';

// Every event names its ticket so a projection or reactor can use one event on its own.
// Types are prefixed `Ticket` so they never collide with chat or agent events in one log.

/** A ticket was opened (status `new`, tier 1, unassigned). */
export const TicketOpened = defineEvent('TicketOpened', {
  ticketId: Id,
  customerId: Id,
  subject: Subject,
  description: MessageBody,
  /** Files sent with the description (left out when none). */
  attachments: MessageAttachments.min(1).optional(),
  priority: TicketPriority,
  category: Category.optional(),
  channel: TicketChannel,
  language: LanguageTag.optional(),
  proactive: z.boolean(),
  suggestionId: Id.optional(),
  transcript: Transcript.optional(),
  preferredAgentId: Id.optional(),
  /** The customer's plan when the ticket was opened (left out when none): what its plan's SLA policy follows. */
  plan: PlanName.optional(),
  /** The mail it came as (left out unless it came by mail). */
  mail: MailOrigin.optional(),
});

/**
 * The ticket moved along the lifecycle table. `reopen` marks `resolved`/`closed -> in_progress`;
 * `closeReason` is set on every move to `closed`.
 */
export const TicketStatusChanged = defineEvent('TicketStatusChanged', {
  ticketId: Id,
  from: TicketStatus,
  to: TicketStatus,
  reopen: z.boolean(),
  closeReason: CloseReason.optional(),
});

/**
 * A staff message: a public reply (sent to the customer) or an internal note (never shown).
 * `articles` are the knowledge-base articles it links (left out when none): the ticket's record
 * of which articles were offered, message by message.
 */
export const TicketAgentReplied = defineEvent('TicketAgentReplied', {
  ticketId: Id,
  /** Empty when the message only sent files. */
  body: MessageText,
  visibility: Visibility,
  articles: LinkedArticles.min(1).optional(),
  /** Files sent with the message (left out when none). */
  attachments: MessageAttachments.min(1).optional(),
  /** The mail it came as (left out unless it came by mail). */
  mail: MailOrigin.optional(),
});

/** A message from the customer, with the files they sent (left out when none). */
export const TicketCustomerReplied = defineEvent('TicketCustomerReplied', {
  ticketId: Id,
  /** Empty when the message only sent files. */
  body: MessageText,
  attachments: MessageAttachments.min(1).optional(),
  /** The mail it came as (left out unless it came by mail). */
  mail: MailOrigin.optional(),
});

/**
 * The ticket was given to an agent, possibly taken from another one. `routing` is set when the
 * router chose the agent, and says why.
 */
export const TicketAssigned = defineEvent('TicketAssigned', {
  ticketId: Id,
  agentId: Id,
  previousAgentId: Id.optional(),
  routing: RoutingExplanation.optional(),
});

/** The ticket went back to the queue. */
export const TicketUnassigned = defineEvent('TicketUnassigned', { ticketId: Id, previousAgentId: Id });

/** The priority changed. */
export const TicketPriorityChanged = defineEvent('TicketPriorityChanged', {
  ticketId: Id,
  from: TicketPriority,
  to: TicketPriority,
});

/** The category was set, changed or cleared (`null`). */
export const TicketCategoryChanged = defineEvent('TicketCategoryChanged', {
  ticketId: Id,
  from: Category.nullable(),
  to: Category.nullable(),
});

/** Tags the ticket did not carry were put on it (each once, normalized). */
export const TicketTagsAdded = defineEvent('TicketTagsAdded', {
  ticketId: Id,
  tags: z.array(z.string().min(1).max(50)).min(1),
});

/** Tags the ticket carried were taken off. */
export const TicketTagsRemoved = defineEvent('TicketTagsRemoved', {
  ticketId: Id,
  tags: z.array(z.string().min(1).max(50)).min(1),
});

/**
 * The SLA terms that govern the ticket from now on, resolved from the SLA configuration
 * (`governingSla`): the policy (null: the deployment's bootstrap policy) with its version, the
 * delays it overrides, and `key`, which changes exactly when the terms do. Recorded at opening,
 * when a category change brings other terms, and when an edit of the configuration re-plans it.
 */
export const TicketSlaPolicyApplied = defineEvent('TicketSlaPolicyApplied', {
  ticketId: Id,
  policyId: Id.nullable(),
  policyVersion: z.int().positive().nullable(),
  policy: SlaPolicy.nullable(),
  timings: PartialTicketTimings,
  key: z.string().min(1).max(64),
  /** The skill the router requires of the ticket's agent, or none (events recorded before skills were: absent). */
  requiredSkill: z.string().min(1).max(100).nullable().optional(),
  cause: z.enum(['opened', 'category_changed', 'configuration_changed']),
});

/** The ticket moved one support tier up. */
export const TicketEscalated = defineEvent('TicketEscalated', {
  ticketId: Id,
  fromTier: Tier,
  toTier: Tier,
  escalationReason: EscalationReason,
});

/**
 * The ticket was escalated past the top tier: the supervisors' queue now lists it, until it is
 * resolved or closed. Its assignee, if any, keeps it.
 */
export const TicketEscalatedToSupervisors = defineEvent('TicketEscalatedToSupervisors', {
  ticketId: Id,
  tier: Tier,
  escalationReason: EscalationReason,
});

/**
 * The automation reminded the customer of a waiting ticket (reminder `n` of the period begun at
 * `waitingSince`). `closesAt`: when the ticket closes if the customer does not reply, as the
 * timings stood then (absent from reminders recorded before it was kept).
 */
export const TicketReminderSent = defineEvent('TicketReminderSent', {
  ticketId: Id,
  n: ReminderNumber,
  waitingSince: Instant,
  closesAt: Instant.optional(),
});

/** The automation closed the ticket, with its reason and the message shown to the customer. */
export const TicketAutoClosed = defineEvent('TicketAutoClosed', {
  ticketId: Id,
  from: TicketStatus.extract(['waiting_customer', 'resolved']),
  closeReason: AutoCloseReason,
  message: z.string().min(1).max(300),
});

/** An SLA clock is close to its deadline. */
export const TicketSlaWarning = defineEvent('TicketSlaWarning', { ticketId: Id, metric: SlaMetric, dueAt: Instant });

/** An SLA clock passed its deadline. */
export const TicketSlaBreached = defineEvent('TicketSlaBreached', { ticketId: Id, metric: SlaMetric, dueAt: Instant });

/** The customer rated the support received. */
export const TicketRated = defineEvent('TicketRated', {
  ticketId: Id,
  score: CsatScore,
  comment: CsatComment.optional(),
});

/** A low rating asks a supervisor to follow up with the customer. */
export const TicketFollowUpRequested = defineEvent('TicketFollowUpRequested', {
  ticketId: Id,
  score: CsatScore,
  comment: CsatComment.optional(),
});

/** A supervisor followed up the low rating; `note` says what was done. */
export const TicketFollowUpCompleted = defineEvent('TicketFollowUpCompleted', {
  ticketId: Id,
  note: FollowUpNote.optional(),
});

/**
 * The customer of an urgent ticket has not heard from the team for 2 hours: an update was due at
 * `dueAt` (docs/domain.md#urgent-tickets).
 */
export const TicketCustomerUpdateDue = defineEvent('TicketCustomerUpdateDue', { ticketId: Id, dueAt: Instant });

/**
 * A call to the customer was booked for `callbackAt` (UTC; `timeZone` is theirs), on `phone`
 * when given, for `callbackReason`; by the customer, staff, or the automation for a critical incident.
 */
export const TicketCallbackScheduled = defineEvent('TicketCallbackScheduled', {
  ticketId: Id,
  callbackId: Id,
  callbackAt: Instant,
  timeZone: z.string().min(1).max(64),
  phone: z.string().max(32).optional(),
  callbackReason: z.string().min(1).max(500),
});

/**
 * The time of a booked call came: the assignee is alerted, with the number to call (absent: the
 * one on file) and the zone it was booked in (absent from events recorded before alerts showed them).
 */
export const TicketCallbackDue = defineEvent('TicketCallbackDue', {
  ticketId: Id,
  callbackId: Id,
  callbackAt: Instant,
  phone: z.string().max(32).optional(),
  timeZone: z.string().min(1).max(64).optional(),
});

/** Staff made the call (`late`: after it was marked missed), with what came of it. */
export const TicketCallbackCompleted = defineEvent('TicketCallbackCompleted', {
  ticketId: Id,
  callbackId: Id,
  outcome: z.string().max(2_000).optional(),
  late: z.boolean(),
});

/** The booked call was called off. */
export const TicketCallbackCancelled = defineEvent('TicketCallbackCancelled', { ticketId: Id, callbackId: Id });

/** Nobody made the booked call within the grace period after `callbackAt`. */
export const TicketCallbackMissed = defineEvent('TicketCallbackMissed', {
  ticketId: Id,
  callbackId: Id,
  callbackAt: Instant,
});

/**
 * The ticket now belongs to customer `to` (it was `from`'s, who was merged into `to`). It keeps
 * everything else: its status, agent, messages, SLA policy and clocks (the plan it was opened
 * under included). The provenance `reason` says why (`visitor identified`).
 */
export const TicketCustomerChanged = defineEvent('TicketCustomerChanged', { ticketId: Id, from: Id, to: Id });

/** Every event of the ticket aggregate, discriminated on `type`. */
export const TicketEvent = z.discriminatedUnion('type', [
  TicketOpened,
  TicketStatusChanged,
  TicketAgentReplied,
  TicketCustomerReplied,
  TicketAssigned,
  TicketUnassigned,
  TicketPriorityChanged,
  TicketCategoryChanged,
  TicketTagsAdded,
  TicketTagsRemoved,
  TicketSlaPolicyApplied,
  TicketEscalated,
  TicketEscalatedToSupervisors,
  TicketReminderSent,
  TicketAutoClosed,
  TicketSlaWarning,
  TicketSlaBreached,
  TicketRated,
  TicketFollowUpRequested,
  TicketFollowUpCompleted,
  TicketCustomerUpdateDue,
  TicketCallbackScheduled,
  TicketCallbackDue,
  TicketCallbackCompleted,
  TicketCallbackCancelled,
  TicketCallbackMissed,
  TicketCustomerChanged,
]);
export type TicketEvent = z.infer<typeof TicketEvent>;

/** One ticket event type, narrowed by its `type`. */
export type TicketEventOf<T extends TicketEvent['type']> = Extract<TicketEvent, { type: T }>;

/** The names of every ticket event type. */
export const TICKET_EVENT_TYPES: readonly TicketEvent['type'][] = TicketEvent.options.map((o) => o.shape.type.value);
