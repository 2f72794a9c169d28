import type { ChatEvent } from '../chat/events.js';
import { isKeptFromChat } from '../routing/follow-ups.js';
import type { Actor } from '../shared/actor.js';
import { type ContactOnFile, callbackTimeZone } from '../ticket/callbacks.js';
import { TICKET_EVENT_TYPES, type TicketEvent } from '../ticket/events.js';
import { isThresholdEscalation } from '../ticket/sla-escalation.js';
import type { TicketPriority } from '../ticket/values.js';
import type { NotificationKind } from './channels.js';
import { alertId, type EventPosition } from './position.js';
import { NO_PHONE, type TemplateKey, type TemplateParams } from './templates.js';
import { readableTime } from './time.js';

/**
 * What the staff rules need to know besides the event: the ticket as the directory knows it
 * (`null` for a chat, or a ticket not seen yet), the supervisors, the on-call list and the
 * agents of each support tier (staff ids).
 */
export interface StaffAlertContext {
  readonly ticket: {
    readonly ticketId: string;
    readonly subject: string;
    readonly priority: TicketPriority;
    readonly assigneeId: string | null;
    /** Standing closed as spam: its sender writing again alerts nobody. Absent: not known to be. */
    readonly closedAsSpam?: boolean;
    /** What the customer last wrote, unanswered by the team since; absent or null: nothing waiting. */
    readonly unanswered?: string | null;
    /** The booked calls that fell due and are not made, missed nor called off yet; absent: none known. */
    readonly dueCalls?: readonly DueCall[];
  } | null;
  /** The ticket's customer's number and zone on file, which a call's alert names; absent or null: unknown. */
  readonly customer?: ContactOnFile | null;
  readonly supervisors: readonly string[];
  readonly onCall: readonly string[];
  tierMembers(tier: number): readonly string[];
}

/** A booked call that fell due (its `TicketCallbackDue`): what its alert shows. */
export interface DueCall {
  readonly callbackId: string;
  readonly callbackAt: string;
  /** The number it was booked with; absent or null: the one on file. */
  readonly phone?: string | null | undefined;
  /** The zone it was booked in; absent or null: UTC. */
  readonly timeZone?: string | null | undefined;
  /** Who recorded it due (the automation). */
  readonly actor: Actor;
}

/**
 * One alert to staff about one event. `recipients` are staff ids, deduplicated and sorted;
 * `ticketId` or `chatId` names what it is about (a chat's alert has no ticket), so a screen can
 * link to it.
 */
export interface StaffAlert {
  readonly id: string;
  readonly template: TemplateKey;
  readonly kind: NotificationKind;
  readonly params: TemplateParams;
  readonly recipients: readonly string[];
  readonly ticketId: string | null;
  readonly chatId: string | null;
  /**
   * The instant `params.dueAt` shows (ISO 8601), null for an alert with no due time: `params`
   * show it in UTC, {@link staffAlertParamsIn} in each reader's own zone.
   */
  readonly dueAt: string | null;
}

type Rule = {
  template: TemplateKey;
  kind: NotificationKind;
  params: TemplateParams;
  recipients: readonly string[];
  dueAt?: string;
};

/** An alert's `params` with its due time at `at`, shown in UTC until a reader's zone is known. */
function dueAt(params: TemplateParams, at: string): Pick<Rule, 'params' | 'dueAt'> {
  return { params: { ...params, dueAt: readableTime(at, 'UTC') }, dueAt: at };
}

/**
 * The values of an alert's texts for a reader whose profile names `timeZone` (an IANA zone; null
 * or absent: UTC): its due time, if it has one, in their zone ("2026-03-02 14:30 (Europe/Paris)").
 */
export function staffAlertParamsIn(alert: StaffAlert, timeZone: string | null | undefined): TemplateParams {
  if (alert.dueAt === null || !timeZone) return alert.params;
  return { ...alert.params, dueAt: readableTime(alert.dueAt, timeZone) };
}

/**
 * The `reason` an escalation's alert shows: its recorded reason, or `sla_threshold` for the
 * automation's threshold rule, which records `sla_breach` though nothing was breached.
 */
function escalationWords(
  data: Parameters<typeof isThresholdEscalation>[0] & { readonly escalationReason: string },
): string {
  return isThresholdEscalation(data) ? 'sla_threshold' : data.escalationReason;
}

/**
 * The note a person escalated with, quoted after the reason as they wrote it; nothing for none, or
 * for the automation's (English words, which the reason's already say in the reader's language).
 */
function noteOf(event: { readonly data: { readonly reason?: string | undefined; readonly actor: Actor } }): string {
  return event.data.reason && event.data.actor.role !== 'system' ? ` ("${event.data.reason}")` : '';
}

/** Shown for a low rating left without a comment, in any language. */
const NO_COMMENT = '—';

/**
 * The alert staff get about an event, if any (docs/domain.md#staff-alerts): a new assignment
 * of a ticket or a chat (to the assignee, unless they took it themselves or it is the ticket of
 * the chat they held), a chat handed over (to its new agent, unless they took it), SLA warnings (the assignee, else the
 * supervisors) and breaches (the assignee and the supervisors), escalations (the new tier's
 * agents and the supervisors; past the top tier, the supervisors; and the assignee, unless they
 * escalated it themselves), low ratings (the supervisors),
 * urgent tickets opened or raised to urgent (the on-call list: a critical incident) and an urgent
 * ticket's customer update falling due (the assignee, else the supervisors), a booked call falling
 * due (the assignee, else the supervisors; and an agent given the ticket while the call is due),
 * a call missed (the assignee and the supervisors) and a customer's reply (the assignee only;
 * nobody for a ticket standing closed as spam).
 * No recipients, no alert.
 */
export function staffAlertsFor(
  event: TicketEvent | ChatEvent,
  context: StaffAlertContext,
  position: EventPosition,
): StaffAlert[] {
  const id = alertId(position);
  if (!isTicketEvent(event)) return alertsOf([[id, chatRule(event, context)]], aboutChat(event.data.chatId));
  // Besides the event's own alert, a ticket handed to an agent while a call on it is due tells
  // them of the call: its alert went to whoever held the ticket when it fell due.
  const calls = callsDueTo(event, context).map(([callbackId, rule]) => [`${id}:${callbackId}`, rule] as const);
  return alertsOf([[id, ticketRule(event, context)], ...calls], aboutTicket(event.data.ticketId));
}

/** The alerts of rules keyed by alert id; a rule with no recipients is none. */
function alertsOf(
  rules: readonly (readonly [string, Rule | null])[],
  about: Pick<StaffAlert, 'ticketId' | 'chatId'>,
): StaffAlert[] {
  return rules.flatMap(([id, rule]) => {
    if (rule === null || rule.recipients.length === 0) return [];
    const recipients = [...new Set(rule.recipients)].sort();
    return [{ id, ...rule, dueAt: rule.dueAt ?? null, recipients, ...about }];
  });
}

/**
 * The calls due on a ticket assigned to an agent (by anyone, themselves included: the call's
 * alert went to whoever held the ticket, or the supervisors, when it fell due), each as its
 * `staff.callback.due` alert to the new assignee, keyed by the call.
 */
function callsDueTo(event: TicketEvent, context: StaffAlertContext): (readonly [string, Rule])[] {
  if (event.type !== 'TicketAssigned') return [];
  const known = context.ticket?.ticketId === event.data.ticketId ? context.ticket : null;
  if (known === null) return [];
  const base = { ticketId: known.ticketId, subject: known.subject };
  return (known.dueCalls ?? []).map((call) => [call.callbackId, callDue(base, call, context, [event.data.agentId])]);
}

/**
 * A call falling due, as the alert tells it (and as the call is read anywhere): the number on file
 * for a call booked without one, and a critical incident's own call (booked in UTC) in the
 * customer's zone.
 */
function callDue(
  base: { readonly ticketId: string; readonly subject: string },
  due: DueCall,
  context: StaffAlertContext,
  recipients: readonly string[],
): Rule {
  const { callbackId, callbackAt } = due;
  const onFile = context.customer ?? undefined;
  const phone = due.phone ?? onFile?.phone ?? null;
  const booked = { callbackId, timeZone: due.timeZone ?? 'UTC', bookedBy: due.actor };
  const call = {
    ...base,
    // The profile known to hold no number: said so, rather than "the number on file".
    phone: phone ? ` (${phone})` : onFile !== undefined && onFile.phone === null ? NO_PHONE : '',
    localTime: readableTime(callbackAt, callbackTimeZone(booked, onFile?.timeZone)),
  };
  return { template: 'staff.callback.due', kind: 'warning', ...dueAt(call, callbackAt), recipients };
}

function isTicketEvent(event: TicketEvent | ChatEvent): event is TicketEvent {
  return (TICKET_EVENT_TYPES as readonly string[]).includes(event.type);
}

const aboutTicket = (ticketId: string) => ({ ticketId, chatId: null });
const aboutChat = (chatId: string) => ({ ticketId: null, chatId });

/** A low rating's alert to the supervisors, worded for a ticket or a chat (`params` names which). */
function lowRating(
  template: 'staff.csat.low' | 'staff.csat.low.chat',
  params: TemplateParams,
  rating: { readonly score: number; readonly comment?: string | undefined },
  context: StaffAlertContext,
): Rule {
  return {
    template,
    kind: 'warning',
    params: { ...params, score: String(rating.score), comment: rating.comment ?? NO_COMMENT },
    recipients: context.supervisors,
  };
}

function chatRule(event: ChatEvent, context: StaffAlertContext): Rule | null {
  const { chatId } = event.data;
  const yours = (agentId: string): Rule => ({
    template: 'staff.chat.assigned',
    kind: 'info',
    params: { chatId },
    recipients: [agentId],
  });
  switch (event.type) {
    case 'ChatFollowUpRequested':
      return lowRating('staff.csat.low.chat', { chatId }, event.data, context);
    // Routed to them, or handed to them by someone else; an agent accepting a chat knows.
    case 'ChatAssigned':
      return event.data.mode === 'accepted' || event.data.actor.id === event.data.agentId
        ? null
        : yours(event.data.agentId);
    case 'ChatTransferred':
      return event.data.actor.id === event.data.toAgentId ? null : yours(event.data.toAgentId);
    default:
      return null;
  }
}

function ticketRule(event: TicketEvent, context: StaffAlertContext): Rule | null {
  const { ticketId } = event.data;
  const known = context.ticket?.ticketId === ticketId ? context.ticket : null;
  // An opened ticket is not in the directory yet: its event carries the subject.
  const subject = event.type === 'TicketOpened' ? event.data.subject : (known?.subject ?? ticketId);
  const base = { ticketId, subject };
  const assigneeOrSupervisors = known?.assigneeId ? [known.assigneeId] : context.supervisors;
  // The agent working the ticket hears of a move they did not make (an escalation may take it from them).
  const assigneeUnlessActor = known?.assigneeId && known.assigneeId !== event.data.actor.id ? [known.assigneeId] : [];
  switch (event.type) {
    case 'TicketAssigned':
      // Taken by themselves, or the ticket of the chat they were holding, kept with them.
      if (event.data.actor.id === event.data.agentId || isKeptFromChat(event.data)) return null;
      return {
        template: 'staff.assigned',
        kind: 'info',
        // A ticket that comes to them with the customer's words waiting (a reply that reopened it
        // and moved it on): what the customer wrote, as the customer-replied alert shows it.
        params: {
          ...base,
          priority: known?.priority ?? '',
          ...(known?.unanswered ? { message: known.unanswered } : {}),
        },
        recipients: [event.data.agentId],
      };
    case 'TicketSlaWarning':
    case 'TicketSlaBreached': {
      const breached = event.type === 'TicketSlaBreached';
      return {
        template: breached ? 'staff.sla.breached' : 'staff.sla.warning',
        kind: 'warning',
        ...dueAt({ ...base, metric: event.data.metric }, event.data.dueAt),
        recipients: breached
          ? [...(known?.assigneeId ? [known.assigneeId] : []), ...context.supervisors]
          : assigneeOrSupervisors,
      };
    }
    case 'TicketEscalated':
      return {
        template: 'staff.escalated',
        kind: 'warning',
        params: { ...base, tier: String(event.data.toTier), reason: escalationWords(event.data), note: noteOf(event) },
        recipients: [...context.tierMembers(event.data.toTier), ...context.supervisors, ...assigneeUnlessActor],
      };
    case 'TicketEscalatedToSupervisors':
      return {
        template: 'staff.escalated.supervisors',
        kind: 'warning',
        params: { ...base, tier: String(event.data.tier), reason: escalationWords(event.data), note: noteOf(event) },
        recipients: [...context.supervisors, ...assigneeUnlessActor],
      };
    case 'TicketFollowUpRequested':
      return lowRating('staff.csat.low', { ticketId }, event.data, context);
    case 'TicketOpened':
    case 'TicketPriorityChanged': {
      const priority = event.type === 'TicketOpened' ? event.data.priority : event.data.to;
      if (priority !== 'urgent') return null;
      return { template: 'staff.incident', kind: 'warning', params: { ...base, priority }, recipients: context.onCall };
    }
    case 'TicketStatusChanged':
      // An urgent ticket reopened: the incident is back, and its duties start again.
      if (!event.data.reopen || known?.priority !== 'urgent') return null;
      return {
        template: 'staff.incident',
        kind: 'warning',
        params: { ...base, priority: known.priority },
        recipients: context.onCall,
      };
    case 'TicketCustomerUpdateDue':
      return {
        template: 'staff.update.due',
        kind: 'warning',
        ...dueAt(base, event.data.dueAt),
        recipients: assigneeOrSupervisors,
      };
    case 'TicketCallbackDue':
      return callDue(base, event.data, context, assigneeOrSupervisors);
    case 'TicketCustomerReplied':
      // The one working the ticket hears the customer is back; an unassigned ticket waits in the
      // queue, and a spammer writing again is only kept on record.
      if (known?.closedAsSpam) return null;
      return {
        template: 'staff.customer.replied',
        kind: 'info',
        // What they wrote: a mail shows it under the alert, as the customer's shows an agent's reply.
        params: { ...base, message: event.data.body },
        recipients: known?.assigneeId ? [known.assigneeId] : [],
      };
    case 'TicketCallbackMissed':
      return {
        template: 'staff.callback.missed',
        kind: 'warning',
        ...dueAt(base, event.data.callbackAt),
        recipients: [...(known?.assigneeId ? [known.assigneeId] : []), ...context.supervisors],
      };
    default:
      return null;
  }
}
