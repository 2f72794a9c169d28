import type { CommandContext } from '../shared/context.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { type Instant, toMillis } from '../shared/time.js';
import type { TicketCommandOf } from './commands.js';
import type { TicketEvent } from './events.js';
import {
  autoCloseDueAt,
  closeAnnouncedBy,
  NO_RESPONSE_CLOSE_MESSAGE,
  RESOLVED_TIMEOUT_CLOSE_MESSAGE,
  reminderDueAt,
} from './reminders.js';
import type { SlaMark, Ticket } from './state.js';
import type { TicketTimings } from './timings.js';
import { customerUpdateDueAt } from './urgent-updates.js';
import type { SlaMetric } from './values.js';

// The automation's commands are idempotent: a retried timer, a late timer, or a timer of an
// earlier status period decides no events instead of failing, so a workflow may always fire.
// Only a timer firing before its due time, or before the step it follows (reminder 2 before
// reminder 1, the close for lack of response before both), is refused: that is a bug worth
// surfacing, and the customer would otherwise lose the notice the schedule promises.

type Data<T extends 'SendReminder' | 'AutoClose' | 'RecordSlaWarning' | 'RecordSlaBreach' | 'FlagCustomerUpdateDue'> =
  TicketCommandOf<T>['data'];

/** Refuses a timer command fired before `dueAt` (`INVALID_TRANSITION`); `what` names the timer. */
export function refuseEarly(ticket: Ticket, what: string, dueAt: Instant, context: CommandContext): void {
  if (context.now.getTime() < toMillis(dueAt)) {
    throw new DomainError('INVALID_TRANSITION', `${what} for ticket ${ticket.ticketId} is not due before ${dueAt}`, {
      ticketId: ticket.ticketId,
      from: ticket.status,
      dueAt,
    });
  }
}

/** Refuses a waiting step fired while reminder `pending` of the period has not gone out (`INVALID_TRANSITION`). */
function refuseOutOfTurn(ticket: Ticket, what: string, pending: number): never {
  throw new DomainError(
    'INVALID_TRANSITION',
    `${what} for ticket ${ticket.ticketId} cannot go out before reminder ${pending} of this waiting period`,
    { ticketId: ticket.ticketId, from: ticket.status, pendingReminder: pending },
  );
}

/** Reminder `n` of the current waiting period, unless it was already sent or the ticket stopped waiting. */
export function decideReminder(
  ticket: Ticket,
  data: Data<'SendReminder'>,
  context: CommandContext,
  timings: TicketTimings,
): TicketEvent[] {
  const { waitingSince } = ticket;
  if (waitingSince === null || ticket.remindersSent >= data.n) return [];
  if (data.periodStart !== undefined && data.periodStart !== waitingSince) return [];
  if (data.n > ticket.remindersSent + 1) refuseOutOfTurn(ticket, `Reminder ${data.n}`, ticket.remindersSent + 1);
  refuseEarly(ticket, `Reminder ${data.n}`, reminderDueAt(ticket, data.n, timings) ?? waitingSince, context);
  const recorded = provenance(context, `reminder ${data.n}: no reply from the customer since ${waitingSince}`);
  const closesAt = closeAnnouncedBy(ticket, data.n, recorded.at, timings);
  return [
    {
      type: 'TicketReminderSent',
      data: {
        ...recorded,
        ticketId: ticket.ticketId,
        n: data.n,
        waitingSince,
        closesAt,
      },
    },
  ];
}

/** The auto-close for `reason`, unless the ticket is no longer in the status that reason closes. */
export function decideAutoClose(
  ticket: Ticket,
  data: Data<'AutoClose'>,
  context: CommandContext,
  timings: TicketTimings,
): TicketEvent[] {
  const dueAt = autoCloseDueAt(ticket, data.reason, timings);
  if (dueAt === null) return [];
  if (data.periodStart !== undefined && data.periodStart !== ticket.statusSince) return [];
  const waiting = data.reason === 'no_customer_response';
  if (waiting && ticket.remindersSent < 2)
    refuseOutOfTurn(ticket, 'The close for lack of response', ticket.remindersSent + 1);
  refuseEarly(ticket, 'Auto-close', dueAt, context);
  const message = waiting ? NO_RESPONSE_CLOSE_MESSAGE : RESOLVED_TIMEOUT_CLOSE_MESSAGE;
  return [
    {
      type: 'TicketAutoClosed',
      data: {
        ...provenance(context, message),
        ticketId: ticket.ticketId,
        from: waiting ? 'waiting_customer' : 'resolved',
        closeReason: data.reason,
        message,
      },
    },
  ];
}

/**
 * True when an SLA report is moot: the clock is paused (`waiting_customer`) or stopped
 * (`resolved`/`closed`), the first response was already given, or the same deadline was reported.
 */
function slaReportIsMoot(ticket: Ticket, metric: SlaMetric, dueAt: Instant, reported: readonly SlaMark[]): boolean {
  if (ticket.status !== 'new' && ticket.status !== 'in_progress') return true;
  if (metric === 'first_response' && ticket.firstPublicAgentReplyAt !== null) return true;
  return reported.some((mark) => mark.metric === metric && mark.dueAt === dueAt);
}

/** Records that an SLA deadline is near (the workflow computes when, from the SLA policy). */
export function decideSlaWarning(
  ticket: Ticket,
  data: Data<'RecordSlaWarning'>,
  context: CommandContext,
): TicketEvent[] {
  if (slaReportIsMoot(ticket, data.metric, data.dueAt, ticket.slaWarnings)) return [];
  return [
    {
      type: 'TicketSlaWarning',
      data: {
        ...provenance(context, `${data.metric} target due at ${data.dueAt}`),
        ticketId: ticket.ticketId,
        metric: data.metric,
        dueAt: data.dueAt,
      },
    },
  ];
}

/**
 * Records that an SLA deadline passed. Escalation is a separate `Escalate` command
 * (`escalationForBreach`) so that a ticket already at the top tier still records its breach.
 */
export function decideSlaBreach(ticket: Ticket, data: Data<'RecordSlaBreach'>, context: CommandContext): TicketEvent[] {
  if (slaReportIsMoot(ticket, data.metric, data.dueAt, ticket.slaBreaches)) return [];
  refuseEarly(ticket, `The ${data.metric} SLA breach`, data.dueAt, context);
  return [
    {
      type: 'TicketSlaBreached',
      data: {
        ...provenance(context, `${data.metric} target missed: due at ${data.dueAt}`),
        ticketId: ticket.ticketId,
        metric: data.metric,
        dueAt: data.dueAt,
      },
    },
  ];
}

/**
 * Flags that the customer of an urgent ticket is due an update, unless the ticket is no longer due
 * at `dueAt` (the team replied, the priority dropped, the ticket left `new`/`in_progress`) or that
 * `dueAt` was already flagged.
 */
export function decideCustomerUpdateDue(
  ticket: Ticket,
  data: Data<'FlagCustomerUpdateDue'>,
  context: CommandContext,
): TicketEvent[] {
  if (customerUpdateDueAt(ticket) !== data.dueAt || ticket.customerUpdateFlaggedAt === data.dueAt) return [];
  refuseEarly(ticket, 'The customer update', data.dueAt, context);
  return [
    {
      type: 'TicketCustomerUpdateDue',
      data: {
        ...provenance(context, `urgent ticket: the customer is owed an update since ${data.dueAt}`),
        ticketId: ticket.ticketId,
        dueAt: data.dueAt,
      },
    },
  ];
}
