import { addMillis, type Instant, toMillis } from '../shared/time.js';
import type { AutoCloseReason } from './lifecycle.js';
import type { Ticket } from './state.js';
import { DEFAULT_TICKET_TIMINGS, type TicketTimings } from './timings.js';
import type { ReminderNumber } from './values.js';

/** The next reminder of a waiting period. */
export interface DueReminder {
  readonly kind: 'reminder';
  readonly n: ReminderNumber;
  readonly dueAt: Instant;
}

/** The next auto-close, from `waiting_customer` or from `resolved`. */
export interface DueAutoClose {
  readonly kind: 'auto_close';
  readonly reason: AutoCloseReason;
  readonly dueAt: Instant;
}

/** What the automation must do next for a ticket, and when. */
export type DueAutomation = DueReminder | DueAutoClose;

/** The message recorded (and shown) when a waiting ticket is closed for lack of response. */
export const NO_RESPONSE_CLOSE_MESSAGE = 'closed for lack of response';
/** The message recorded when a resolved ticket is closed after the resolved delay. */
export const RESOLVED_TIMEOUT_CLOSE_MESSAGE = 'closed automatically after resolution';

/** The steps of a waiting period: reminder 1, reminder 2, the close for lack of response. */
type WaitingStep = 1 | 2 | 3;

/** How long after entering `waiting_customer` a step is planned. */
function plannedAfterMs(step: WaitingStep, timings: TicketTimings): number {
  if (step === 1) return timings.firstReminderAfterMs;
  return step === 2 ? timings.secondReminderAfterMs : timings.waitingAutoCloseAfterMs;
}

/**
 * When `step` of the waiting period begun at `waitingSince` falls due, the step before it having
 * gone out at `previousAt` (`null`: on time, or step 1): at its planned offset, but never sooner
 * after the previous step than the plan spaces them. A reminder that went out late (the worker was
 * down, or shorter delays now apply to a ticket already waiting) pushes the later steps back, so the
 * customer always gets the notice the schedule gives, and no reminder announces a close already past.
 */
function waitingStepDueAt(
  waitingSince: Instant,
  step: WaitingStep,
  previousAt: Instant | null,
  timings: TicketTimings,
): Instant {
  const planned = addMillis(waitingSince, plannedAfterMs(step, timings));
  if (step === 1 || previousAt === null) return planned;
  const gap = plannedAfterMs(step, timings) - plannedAfterMs((step - 1) as WaitingStep, timings);
  const spaced = addMillis(previousAt, gap);
  return toMillis(spaced) > toMillis(planned) ? spaced : planned;
}

/** When reminder `n` of the ticket's waiting period is due; `null` when the ticket is not waiting. */
export function reminderDueAt(ticket: Ticket, n: ReminderNumber, timings: TicketTimings): Instant | null {
  const { waitingSince } = ticket;
  if (waitingSince === null) return null;
  return waitingStepDueAt(waitingSince, n, n === 2 ? (ticket.lastReminderAt ?? null) : null, timings);
}

/**
 * When the waiting ticket closes for lack of response if reminder `n` goes out at `sentAt` and the
 * steps after it on time: the date that reminder announces.
 */
export function closeAnnouncedBy(ticket: Ticket, n: ReminderNumber, sentAt: Instant, timings: TicketTimings): Instant {
  const waitingSince = ticket.waitingSince ?? ticket.statusSince;
  let at = sentAt;
  for (let step = n + 1; step <= 3; step++) at = waitingStepDueAt(waitingSince, step as WaitingStep, at, timings);
  return at;
}

/**
 * When the ticket auto-closes for `reason`, or `null` when it is not in the status that reason
 * applies to (`waiting_customer` for `no_customer_response`, `resolved` for `resolved_timeout`).
 */
export function autoCloseDueAt(ticket: Ticket, reason: AutoCloseReason, timings: TicketTimings): Instant | null {
  if (reason === 'no_customer_response') {
    if (ticket.status !== 'waiting_customer') return null;
    const lastReminder = ticket.remindersSent === 2 ? (ticket.lastReminderAt ?? null) : null;
    return waitingStepDueAt(ticket.waitingSince ?? ticket.statusSince, 3, lastReminder, timings);
  }
  return ticket.status === 'resolved' ? addMillis(ticket.statusSince, timings.resolvedAutoCloseAfterMs) : null;
}

/**
 * The next thing the automation must do for the ticket: reminder 1, reminder 2, then the
 * auto-close while waiting for the customer; the auto-close while resolved; otherwise nothing.
 * Derived from the state alone, so re-entering `waiting_customer` restarts the schedule and
 * leaving it cancels it. `timings` are the deployment's (what `createTicketDecider` was given);
 * left out, the documented defaults.
 */
export function nextAutomation(
  ticket: Ticket | null,
  timings: TicketTimings = DEFAULT_TICKET_TIMINGS,
): DueAutomation | null {
  if (ticket === null) return null;
  if (ticket.status === 'resolved') return autoClose(ticket, 'resolved_timeout', timings);
  const { waitingSince, remindersSent } = ticket;
  if (waitingSince === null) return null; // not waiting: no schedule
  if (remindersSent === 2) return autoClose(ticket, 'no_customer_response', timings);
  const n: ReminderNumber = remindersSent === 0 ? 1 : 2;
  return { kind: 'reminder', n, dueAt: reminderDueAt(ticket, n, timings) ?? waitingSince };
}

/** The next reminder due for a waiting ticket, or `null` once both were sent or outside `waiting_customer`. */
export function nextReminder(
  ticket: Ticket | null,
  timings: TicketTimings = DEFAULT_TICKET_TIMINGS,
): DueReminder | null {
  const next = nextAutomation(ticket, timings);
  return next?.kind === 'reminder' ? next : null;
}

function autoClose(ticket: Ticket, reason: AutoCloseReason, timings: TicketTimings): DueAutoClose | null {
  const dueAt = autoCloseDueAt(ticket, reason, timings);
  return dueAt === null ? null : { kind: 'auto_close', reason, dueAt };
}
