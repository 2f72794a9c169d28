import { attachmentsField } from '../attachment/values.js';
import type { Id } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { movesToCustomer } from '../shared/customer-move.js';
import { DomainError, invalidField } from '../shared/errors.js';
import { completableFollowUp } from '../shared/follow-up.js';
import { provenance } from '../shared/messages.js';
import { needsFollowUp } from '../shared/values.js';
import { authorizeCustomer, authorizeRole } from './access.js';
import {
  decideAutoClose,
  decideCustomerUpdateDue,
  decideReminder,
  decideSlaBreach,
  decideSlaWarning,
} from './automation.js';
import {
  cancelCallback,
  completeCallback,
  decideCallbackDue,
  decideCallbackMissed,
  scheduleCallback,
} from './callbacks.js';
import type { TicketCommandOf as CommandOf, TicketCommand } from './commands.js';
import type { TicketCommandContext } from './context.js';
import type { TicketEvent, TicketEventOf } from './events.js';
import {
  type CloseReason,
  canTransition,
  isDiscardClose,
  isReopen,
  isResolvedOrClosed,
  isSpamClose,
  type TicketStatus,
} from './lifecycle.js';
import { openingPriority, slaTermsToApply } from './sla-terms.js';
import type { Ticket, TicketState } from './state.js';
import { requireTagRoom, tagsToAdd, tagsToRemove } from './tags.js';
import { DEFAULT_TICKET_TIMINGS, effectiveTimings, type TicketTimings } from './timings.js';
import { type EscalationReason, MAX_TIER, type Tier } from './values.js';

type Events = TicketEvent[];

/**
 * Decides what a ticket command does: the events it produces, or a thrown `DomainError`
 * (and then nothing is written). Checks run in this order: role (`FORBIDDEN`), existence
 * (`NOT_FOUND` / `ALREADY_EXISTS`), the customer's ownership (`FORBIDDEN`), then the business rules.
 *
 * Choices the support team's rules leave open (docs/domain.md#choices-the-rules-leave-open):
 * - a status change to the current status is `NO_CHANGE` (so are same-value priority/category changes);
 * - a `closed` ticket is frozen until reopened: public replies, assignment, priority, category and
 *   escalation are refused with `INVALID_TRANSITION`; internal notes and ratings are still accepted;
 * - an agent reply keeps the status unless it is `new` (then `in_progress`) or `nextStatus` says otherwise;
 * - status changes are emitted around the message so the message lands in its new status:
 *   `new -> in_progress` before an agent's reply, the customer's reopen before their message,
 *   `nextStatus` after the reply;
 * - a ticket can be rated once, even if it is reopened and resolved again;
 * - the automation's commands (reminders, auto-close, SLA reports) decide no events when retried,
 *   late, or scheduled for an earlier status period, and are refused only when they fire early.
 */
export function decideTicket(
  command: TicketCommand,
  state: TicketState,
  context: TicketCommandContext,
  timings: TicketTimings = DEFAULT_TICKET_TIMINGS,
): readonly TicketEvent[] {
  authorizeRole(command.type, context.actor);
  if (command.type === 'OpenTicket') return open(command, state, context);
  const ticket = requireTicket(state, command.data.ticketId);
  authorizeCustomer(context.actor, ticket.customerId);
  switch (command.type) {
    case 'ReplyToTicket':
      return agentReply(ticket, command, context);
    case 'CustomerReply':
      return customerReply(ticket, command, context);
    case 'ChangeStatus':
      return [
        statusChanged(
          ticket.ticketId,
          ticket.status,
          command.data.to,
          context,
          command.data.reason,
          command.data.closeReason,
        ),
      ];
    case 'CloseAsSpam':
      requireUnanswered(ticket, command.data.kind);
      return [statusChanged(ticket.ticketId, ticket.status, 'closed', context, command.data.reason, command.data.kind)];
    case 'ConfirmResolution':
      return confirmResolution(ticket, context);
    case 'AssignTicket':
      return assign(ticket, command, context);
    case 'UnassignTicket':
      return unassign(ticket, command, context);
    case 'ChangePriority':
      return changePriority(ticket, command, context);
    case 'ChangeCategory':
      return changeCategory(ticket, command, context);
    case 'AddTicketTags':
      return addTags(ticket, command, context);
    case 'RemoveTicketTags':
      return removeTags(ticket, command, context);
    case 'Escalate':
      return escalate(ticket, command, context);
    case 'SendReminder':
      return decideReminder(ticket, command.data, context, effectiveTimings(timings, ticket.sla?.timings));
    case 'AutoClose':
      return decideAutoClose(ticket, command.data, context, effectiveTimings(timings, ticket.sla?.timings));
    case 'RecordSlaWarning':
      return decideSlaWarning(ticket, command.data, context);
    case 'RecordSlaBreach':
      return decideSlaBreach(ticket, command.data, context);
    case 'FlagCustomerUpdateDue':
      return decideCustomerUpdateDue(ticket, command.data, context);
    case 'RefreshSla':
      return ticket.status === 'closed'
        ? []
        : slaTermsToApply(
            ticket.ticketId,
            ticket.category,
            ticket.plan ?? null,
            ticket.sla,
            context,
            'configuration_changed',
          );
    case 'RateTicket':
      return rate(ticket, command, context);
    case 'CompleteFollowUp':
      return completeFollowUp(ticket, command, context);
    case 'ScheduleCallback':
      return scheduleCallback(ticket, command, context);
    case 'CompleteCallback':
      return completeCallback(ticket, command, context);
    case 'CancelCallback':
      return cancelCallback(ticket, command, context);
    case 'RecordCallbackDue':
      return decideCallbackDue(ticket, command, context);
    case 'MarkCallbackMissed':
      return decideCallbackMissed(ticket, command, context);
    case 'ChangeTicketCustomer': {
      const { from, to, reason } = command.data;
      if (!movesToCustomer(`Ticket ${ticket.ticketId}`, ticket.customerId, from, to)) return [];
      const data = { ticketId: ticket.ticketId, from, to, ...provenance(context, reason) };
      return [{ type: 'TicketCustomerChanged', data }];
    }
  }
}

function open(command: CommandOf<'OpenTicket'>, state: TicketState, context: TicketCommandContext): Events {
  if (state !== null) {
    throw new DomainError('ALREADY_EXISTS', `Ticket ${state.ticketId} already exists`, { ticketId: state.ticketId });
  }
  authorizeCustomer(context.actor, command.data.customerId);
  if (command.data.preferredAgentId !== undefined && context.actor.role === 'customer') {
    throw new DomainError('FORBIDDEN', 'A customer may not choose the agent of a ticket', { role: 'customer' });
  }
  const { data } = command;
  const opening = openingPriority(data.priority, data.category, context);
  // A category's default does not make a proactive ticket low or urgent either (the command refuses asking it).
  const priority = !data.proactive ? opening : opening === 'low' ? 'normal' : opening === 'urgent' ? 'high' : opening;
  const plan = context.customerPlan ?? null;
  return [
    {
      type: 'TicketOpened',
      data: {
        ...provenance(context),
        ...data,
        ...attachmentsField(data.attachments),
        priority,
        ...(plan === null ? {} : { plan }),
      },
    },
    ...slaTermsToApply(data.ticketId, data.category ?? null, plan, null, context, 'opened'),
    ...(priority === 'urgent' ? [urgentInProgress(data.ticketId, context)] : []),
  ];
}

/** Why an urgent ticket is `in_progress` before anybody replied. */
export const URGENT_IN_PROGRESS_REASON = 'Critical incident: in progress at once';

/**
 * The support guide's urgent bug goes to `in_progress` at once (while the on-call list is paged):
 * opened urgent, or a new ticket raised to urgent.
 */
function urgentInProgress(ticketId: Id, context: CommandContext): TicketEventOf<'TicketStatusChanged'> {
  return statusChanged(ticketId, 'new', 'in_progress', context, URGENT_IN_PROGRESS_REASON);
}

function requireTicket(state: TicketState, ticketId: Id): Ticket {
  if (state === null || state.ticketId !== ticketId) {
    throw new DomainError('NOT_FOUND', `Ticket ${ticketId} does not exist`, { ticketId });
  }
  return state;
}

/** Refuses changes to a closed ticket: it must be reopened first. */
function requireNotClosed(ticket: Ticket, action: string): void {
  if (ticket.status === 'closed') {
    throw new DomainError('INVALID_TRANSITION', `Ticket ${ticket.ticketId} is closed; reopen it before ${action}`, {
      ticketId: ticket.ticketId,
      from: 'closed',
    });
  }
}

/**
 * The event of one move along the lifecycle table, or `NO_CHANGE` / `INVALID_TRANSITION`.
 * Moves to `closed` carry their close reason (`manual` unless said otherwise).
 */
/**
 * Spam and invalid tickets are thrown away unanswered: once the team replied publicly, the ticket
 * was worked and its close must say so (a discard close also takes it out of the SLA figures).
 */
function requireUnanswered(ticket: Ticket, kind: CloseReason): void {
  if (ticket.firstPublicAgentReplyAt === null) return;
  throw new DomainError(
    'INVALID_TRANSITION',
    `Ticket ${ticket.ticketId} was answered on ${ticket.firstPublicAgentReplyAt}: close it as done, not as ${kind}`,
    { ticketId: ticket.ticketId, from: ticket.status, to: 'closed', closeReason: kind },
  );
}

function statusChanged(
  ticketId: Id,
  from: TicketStatus,
  to: TicketStatus,
  context: CommandContext,
  reason?: string,
  closeReason: CloseReason = 'manual',
): TicketEventOf<'TicketStatusChanged'> {
  if (from === to) {
    throw new DomainError('NO_CHANGE', `Ticket ${ticketId} is already ${to}`, { ticketId, from, to });
  }
  if (!canTransition(from, to, closeReason)) {
    const hint = from === 'new' && to === 'closed' ? ' (only spam or invalid tickets close unanswered)' : '';
    throw new DomainError('INVALID_TRANSITION', `Ticket ${ticketId} cannot go from ${from} to ${to}${hint}`, {
      ticketId,
      from,
      to,
    });
  }
  return {
    type: 'TicketStatusChanged',
    data: {
      ...provenance(context, reason),
      ticketId,
      from,
      to,
      reopen: isReopen(from, to),
      ...(to === 'closed' ? { closeReason } : {}),
    },
  };
}

function agentReply(ticket: Ticket, { data }: CommandOf<'ReplyToTicket'>, context: CommandContext): Events {
  const message: TicketEvent = {
    type: 'TicketAgentReplied',
    data: {
      ...provenance(context),
      ticketId: ticket.ticketId,
      body: data.body,
      visibility: data.visibility,
      ...(data.articles === undefined || data.articles.length === 0 ? {} : { articles: data.articles }),
      ...attachmentsField(data.attachments),
      ...(data.mail === undefined ? {} : { mail: data.mail }),
    },
  };
  if (data.visibility === 'internal') return [message];
  requireNotClosed(ticket, 'replying publicly');
  const events: Events = [];
  let status = ticket.status;
  if (status === 'new') {
    events.push(statusChanged(ticket.ticketId, status, 'in_progress', context));
    status = 'in_progress';
  }
  events.push(message);
  // Asking for the current status again ("reply and keep in progress") is not an error.
  if (data.nextStatus !== undefined && data.nextStatus !== status) {
    events.push(statusChanged(ticket.ticketId, status, data.nextStatus, context, undefined, data.closeReason));
  }
  return events;
}

function customerReply(ticket: Ticket, { data }: CommandOf<'CustomerReply'>, context: CommandContext): Events {
  const message: TicketEvent = {
    type: 'TicketCustomerReplied',
    data: {
      ...provenance(context),
      ticketId: ticket.ticketId,
      body: data.body,
      ...attachmentsField(data.attachments),
      ...(data.mail === undefined ? {} : { mail: data.mail }),
    },
  };
  if (ticket.status !== 'waiting_customer' && !isResolvedOrClosed(ticket.status)) return [message];
  // A spammer writing again is kept on record, silently: the ticket stays closed, nobody's queue
  // or workload grows, and an agent who judged wrongly can still reopen it.
  if (ticket.status === 'closed' && isSpamClose(ticket.closeReason)) return [message];
  return [statusChanged(ticket.ticketId, ticket.status, 'in_progress', context), message];
}

function completeFollowUp(ticket: Ticket, { data }: CommandOf<'CompleteFollowUp'>, context: CommandContext): Events {
  const { ticketId } = ticket;
  const note = completableFollowUp(context.actor, ticket.followUp, { kind: 'ticket', id: ticketId }, data.note);
  return [{ type: 'TicketFollowUpCompleted', data: { ...provenance(context), ticketId, ...note } }];
}

function confirmResolution(ticket: Ticket, context: CommandContext): Events {
  if (ticket.status !== 'resolved') {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Ticket ${ticket.ticketId} is ${ticket.status}; only a resolved ticket can be confirmed`,
      { ticketId: ticket.ticketId, from: ticket.status, to: 'closed' },
    );
  }
  return [statusChanged(ticket.ticketId, 'resolved', 'closed', context, undefined, 'customer_confirmed')];
}

function assign(ticket: Ticket, { data }: CommandOf<'AssignTicket'>, context: CommandContext): Events {
  requireNotClosed(ticket, 'assigning it');
  // Only the router explains its choices: a person's assignment carries their own reason.
  if ((data.routing !== undefined || data.ifUnassigned !== undefined) && context.actor.role !== 'system') {
    throw new DomainError('FORBIDDEN', 'Only the router attaches routing decisions', { role: context.actor.role });
  }
  if (ticket.assigneeId === data.agentId) {
    throw new DomainError('ALREADY_ASSIGNED', `Ticket ${ticket.ticketId} is already assigned to ${data.agentId}`, {
      ticketId: ticket.ticketId,
      agentId: data.agentId,
    });
  }
  if (data.ifUnassigned && ticket.assigneeId !== null) {
    throw new DomainError('ALREADY_ASSIGNED', `Ticket ${ticket.ticketId} is already assigned to ${ticket.assigneeId}`, {
      ticketId: ticket.ticketId,
      agentId: ticket.assigneeId,
    });
  }
  return [
    {
      type: 'TicketAssigned',
      data: {
        ...provenance(context, data.reason),
        ticketId: ticket.ticketId,
        agentId: data.agentId,
        ...(ticket.assigneeId === null ? {} : { previousAgentId: ticket.assigneeId }),
        ...(data.routing === undefined ? {} : { routing: data.routing }),
      },
    },
  ];
}

function unassign(ticket: Ticket, { data }: CommandOf<'UnassignTicket'>, context: CommandContext): Events {
  requireNotClosed(ticket, 'unassigning it');
  if (ticket.assigneeId === null || (data.agentId !== undefined && data.agentId !== ticket.assigneeId)) {
    const who = data.agentId === undefined ? '' : ` to ${data.agentId}`;
    throw new DomainError('NOT_ASSIGNED', `Ticket ${ticket.ticketId} is not assigned${who}`, {
      ticketId: ticket.ticketId,
    });
  }
  return [
    {
      type: 'TicketUnassigned',
      data: { ...provenance(context, data.reason), ticketId: ticket.ticketId, previousAgentId: ticket.assigneeId },
    },
  ];
}

function noChange(ticket: Ticket, what: string, value: unknown): DomainError {
  return new DomainError('NO_CHANGE', `Ticket ${ticket.ticketId} already has ${what} ${String(value)}`, {
    ticketId: ticket.ticketId,
    [what]: value,
  });
}

function changePriority(ticket: Ticket, { data }: CommandOf<'ChangePriority'>, context: CommandContext): Events {
  requireNotClosed(ticket, 'changing its priority');
  if (ticket.priority === data.priority) throw noChange(ticket, 'priority', data.priority);
  return [
    {
      type: 'TicketPriorityChanged',
      data: {
        ...provenance(context, data.reason),
        ticketId: ticket.ticketId,
        from: ticket.priority,
        to: data.priority,
      },
    },
    ...(data.priority === 'urgent' && ticket.status === 'new' ? [urgentInProgress(ticket.ticketId, context)] : []),
  ];
}

function changeCategory(ticket: Ticket, { data }: CommandOf<'ChangeCategory'>, context: CommandContext): Events {
  requireNotClosed(ticket, 'changing its category');
  if (ticket.category === data.category) throw noChange(ticket, 'category', data.category);
  return [
    {
      type: 'TicketCategoryChanged',
      data: {
        ...provenance(context, data.reason),
        ticketId: ticket.ticketId,
        from: ticket.category,
        to: data.category,
      },
    },
    ...slaTermsToApply(ticket.ticketId, data.category, ticket.plan ?? null, ticket.sla, context, 'category_changed'),
  ];
}

function addTags(ticket: Ticket, { data }: CommandOf<'AddTicketTags'>, context: CommandContext): Events {
  requireNotClosed(ticket, 'tagging it');
  const tags = tagsToAdd(ticket.tags, data.tags);
  if (tags.length === 0) throw noChange(ticket, 'tags', tagList(data.tags));
  requireTagRoom(ticket.ticketId, ticket.tags, tags);
  return [{ type: 'TicketTagsAdded', data: { ...provenance(context), ticketId: ticket.ticketId, tags } }];
}

function removeTags(ticket: Ticket, { data }: CommandOf<'RemoveTicketTags'>, context: CommandContext): Events {
  requireNotClosed(ticket, 'untagging it');
  const tags = tagsToRemove(ticket.tags, data.tags);
  if (tags.length === 0) throw noChange(ticket, 'none of the tags', tagList(data.tags));
  return [{ type: 'TicketTagsRemoved', data: { ...provenance(context), ticketId: ticket.ticketId, tags } }];
}

/** Tags as a message names them: once each (`Login` and `login` are one tag once normalized). */
const tagList = (tags: readonly string[]) => [...new Set(tags)].join(', ');

function escalate(ticket: Ticket, { data }: CommandOf<'Escalate'>, context: CommandContext): Events {
  requireNotClosed(ticket, 'escalating it');
  requireTrueReason(ticket, data.reason, context);
  if (ticket.tier === MAX_TIER) {
    // Past the top tier there is no agent tier left: the supervisors take it (docs/routing.md).
    if (ticket.withSupervisors) {
      throw new DomainError('MAX_TIER_REACHED', `Ticket ${ticket.ticketId} is already with the supervisors`, {
        ticketId: ticket.ticketId,
        tier: ticket.tier,
      });
    }
    return [
      {
        type: 'TicketEscalatedToSupervisors',
        data: {
          ...provenance(context, data.note),
          ticketId: ticket.ticketId,
          tier: ticket.tier,
          escalationReason: data.reason,
        },
      },
    ];
  }
  return [
    {
      type: 'TicketEscalated',
      data: {
        ...provenance(context, data.note),
        ticketId: ticket.ticketId,
        fromTier: ticket.tier,
        toTier: (ticket.tier + 1) as Tier,
        escalationReason: data.reason,
      },
    },
  ];
}

/**
 * A person may give an escalation the automation's reasons only when they hold: `sla_breach` once
 * a breach of the ticket is recorded, `missed_callback` once one of its callbacks was missed. The
 * history and the supervisors' alert would otherwise report a breach or a miss that never
 * happened. (The automation also escalates with `sla_breach` past the policy's escalation threshold,
 * breach or not.)
 */
function requireTrueReason(ticket: Ticket, reason: EscalationReason, context: CommandContext): void {
  if (context.actor.role === 'system') return;
  if (reason === 'sla_breach' && ticket.slaBreaches.length === 0)
    throw invalidField(
      'reason',
      `No SLA target of ticket ${ticket.ticketId} has been breached: escalate for complexity or a customer request`,
    );
  if (reason === 'missed_callback' && !ticket.callbacks.some((callback) => callback.status === 'missed'))
    throw invalidField(
      'reason',
      `No callback of ticket ${ticket.ticketId} was missed: escalate for complexity or a customer request`,
    );
}

function rate(ticket: Ticket, { data }: CommandOf<'RateTicket'>, context: CommandContext): Events {
  if (!isResolvedOrClosed(ticket.status)) {
    throw new DomainError(
      'NOT_RATEABLE',
      `Ticket ${ticket.ticketId} is ${ticket.status}; rate it once it is resolved`,
      {
        ticketId: ticket.ticketId,
        status: ticket.status,
      },
    );
  }
  // Nobody was served: a rating would only move the CSAT figures and alert a supervisor.
  if (isDiscardClose(ticket.closeReason)) {
    // Worded as nothing a customer is not shown: a spammer learns nothing (the reason is in the details, for the log).
    throw new DomainError('NOT_RATEABLE', `Ticket ${ticket.ticketId} cannot be rated`, {
      ticketId: ticket.ticketId,
      closeReason: ticket.closeReason,
    });
  }
  if (ticket.rating !== null) {
    throw new DomainError('ALREADY_RATED', `Ticket ${ticket.ticketId} was already rated`, {
      ticketId: ticket.ticketId,
    });
  }
  const facts = {
    ticketId: ticket.ticketId,
    score: data.score,
    ...(data.comment === undefined ? {} : { comment: data.comment }),
  };
  const rated: TicketEvent = { type: 'TicketRated', data: { ...provenance(context), ...facts } };
  if (!needsFollowUp(data.score)) return [rated];
  return [rated, { type: 'TicketFollowUpRequested', data: { ...provenance(context, 'low CSAT rating'), ...facts } }];
}
