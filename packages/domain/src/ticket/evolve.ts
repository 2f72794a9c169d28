import { DomainError } from '../shared/errors.js';
import type { Instant } from '../shared/time.js';
import { evolveCallbacks } from './callbacks.js';
import type { TicketEvent, TicketEventOf } from './events.js';
import {
  type AutoCloseReason,
  type CloseReason,
  isOpenStatus,
  isResolvedOrClosed,
  type TicketStatus,
} from './lifecycle.js';
import type { Ticket, TicketState } from './state.js';

/**
 * The version of the ticket state {@link evolveTicket} builds. Saved states (the as-of
 * snapshots) are keyed by it: bump it whenever `evolveTicket` or the `Ticket` shape changes, so
 * states folded by the old code are ignored rather than trusted.
 */
export const TICKET_STATE_VERSION = 7;

/**
 * Applies one ticket event to the state. Pure and total for every event `decide` produces;
 * a stream that does not start with exactly one `TicketOpened` is corrupt and throws.
 */
export function evolveTicket(state: TicketState, event: TicketEvent): TicketState {
  if (event.type === 'TicketOpened') {
    if (state !== null)
      throw new DomainError('HISTORY_INVALID', `Ticket ${state.ticketId} is opened twice in its stream`);
    return opened(event);
  }
  if (state === null)
    throw new DomainError('HISTORY_INVALID', `Ticket stream starts with ${event.type} instead of TicketOpened`);
  return { ...apply(state, event), version: state.version + 1 };
}

function opened({ data }: TicketEventOf<'TicketOpened'>): Ticket {
  return {
    ticketId: data.ticketId,
    customerId: data.customerId,
    subject: data.subject,
    priority: data.priority,
    category: data.category ?? null,
    tags: [],
    channel: data.channel,
    language: data.language ?? null,
    proactive: data.proactive,
    suggestionId: data.suggestionId ?? null,
    status: 'new',
    statusSince: data.at,
    assigneeId: null,
    tier: 1,
    withSupervisors: false,
    preferredAgentId: data.preferredAgentId ?? null,
    plan: data.plan ?? null,
    openedAt: data.at,
    firstPublicAgentReplyAt: null,
    lastPublicAgentReplyAt: null,
    urgentSince: data.priority === 'urgent' ? data.at : null,
    customerUpdateFlaggedAt: null,
    lastCustomerMessageAt: null,
    resolvedAt: null,
    closedAt: null,
    closeReason: null,
    waitingSince: null,
    remindersSent: 0,
    lastReminderAt: null,
    rating: null,
    followUp: null,
    slaWarnings: [],
    slaBreaches: [],
    sla: null,
    callbacks: [],
    version: 1,
  };
}

function apply(ticket: Ticket, event: Exclude<TicketEvent, TicketEventOf<'TicketOpened'>>): Ticket {
  const { data } = event;
  switch (event.type) {
    case 'TicketStatusChanged':
      return enterStatus(ticket, event.data.to, data.at, event.data.closeReason ?? null);
    case 'TicketAutoClosed':
      return enterStatus(ticket, 'closed', data.at, event.data.closeReason);
    case 'TicketAgentReplied':
      if (event.data.visibility !== 'public') return ticket;
      return {
        ...ticket,
        firstPublicAgentReplyAt: ticket.firstPublicAgentReplyAt ?? data.at,
        lastPublicAgentReplyAt: data.at,
      };
    case 'TicketCustomerReplied':
      return { ...ticket, lastCustomerMessageAt: data.at };
    case 'TicketAssigned':
      return { ...ticket, assigneeId: event.data.agentId };
    case 'TicketUnassigned':
      return { ...ticket, assigneeId: null };
    case 'TicketPriorityChanged':
      return {
        ...ticket,
        priority: event.data.to,
        urgentSince: event.data.to !== 'urgent' ? null : (ticket.urgentSince ?? data.at),
      };
    case 'TicketCategoryChanged':
      return { ...ticket, category: event.data.to };
    case 'TicketTagsAdded':
      return { ...ticket, tags: [...ticket.tags, ...event.data.tags] };
    case 'TicketTagsRemoved':
      return { ...ticket, tags: ticket.tags.filter((tag) => !event.data.tags.includes(tag)) };
    case 'TicketSlaPolicyApplied': {
      const { policyId, policyVersion, key, timings, requiredSkill } = event.data;
      return { ...ticket, sla: { policyId, policyVersion, key, timings, requiredSkill: requiredSkill ?? null } };
    }
    case 'TicketEscalated':
      return { ...ticket, tier: event.data.toTier };
    case 'TicketEscalatedToSupervisors':
      return { ...ticket, withSupervisors: true };
    case 'TicketReminderSent':
      return { ...ticket, remindersSent: event.data.n, lastReminderAt: event.data.at };
    case 'TicketSlaWarning':
      return {
        ...ticket,
        slaWarnings: [...ticket.slaWarnings, { metric: event.data.metric, dueAt: event.data.dueAt }],
      };
    case 'TicketSlaBreached':
      return {
        ...ticket,
        slaBreaches: [...ticket.slaBreaches, { metric: event.data.metric, dueAt: event.data.dueAt }],
      };
    case 'TicketRated':
      return { ...ticket, rating: { score: event.data.score, comment: event.data.comment ?? null } };
    case 'TicketFollowUpRequested':
      return { ...ticket, followUp: 'open' };
    case 'TicketFollowUpCompleted':
      return { ...ticket, followUp: 'done' };
    case 'TicketCustomerUpdateDue':
      return { ...ticket, customerUpdateFlaggedAt: event.data.dueAt };
    case 'TicketCustomerChanged':
      return { ...ticket, customerId: event.data.to };
    case 'TicketCallbackScheduled':
    case 'TicketCallbackDue':
    case 'TicketCallbackCompleted':
    case 'TicketCallbackCancelled':
    case 'TicketCallbackMissed':
      return { ...ticket, callbacks: evolveCallbacks(ticket.callbacks, event) };
  }
}

/**
 * The bookkeeping of entering a status: when it began, the reminder schedule (which restarts
 * on every entry into `waiting_customer` and is cancelled on leaving it) and the resolution stamps.
 */
function enterStatus(
  ticket: Ticket,
  to: TicketStatus,
  at: Instant,
  closeReason: CloseReason | AutoCloseReason | null,
): Ticket {
  return {
    ...ticket,
    status: to,
    statusSince: at,
    // A reopened urgent ticket is the incident back: a new urgent period (its own incident call,
    // a fresh two-hour update clock), since the last one ended with the resolution.
    urgentSince:
      ticket.urgentSince !== null && isResolvedOrClosed(ticket.status) && isOpenStatus(to) ? at : ticket.urgentSince,
    waitingSince: to === 'waiting_customer' ? at : null,
    remindersSent: to === 'waiting_customer' ? 0 : ticket.remindersSent,
    lastReminderAt: to === 'waiting_customer' ? null : (ticket.lastReminderAt ?? null),
    resolvedAt: to === 'resolved' ? at : to === 'closed' ? ticket.resolvedAt : null,
    // The supervisors' queue holds open work only: an ended ticket leaves it, even if reopened later.
    withSupervisors: isResolvedOrClosed(to) ? false : ticket.withSupervisors,
    closedAt: to === 'closed' ? at : null,
    closeReason: to === 'closed' ? closeReason : null,
  };
}
