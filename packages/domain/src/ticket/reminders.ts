import { z } from 'zod';
import { invalidField } from '../shared/errors.js';
import { addMillis, DAY_MS, HOUR_MS, type Instant, toMillis } from '../shared/time.js';
import { parseOrThrow } from '../shared/validation.js';
import type { AutoCloseReason } from './lifecycle.js';
import type { Ticket } from './state.js';
import type { ReminderNumber } from './values.js';

/**
 * The delays of the reminder and auto-close automation, in milliseconds
 * (docs/domain.md#reminders-and-auto-close). Per deployment; an SLA policy may replace some of
 * them (docs/policies.md#timings). The waiting delays must come in order (reminder 1 < reminder 2
 * < auto-close). Any positive duration is valid here; {@link DocumentedTicketTimings} adds the
 * documented range of the resolved delay.
 */
export const TicketTimings = z
  .object({
    /** After entering `waiting_customer`: first reminder. Default 3 days. */
    firstReminderAfterMs: z.int().positive(),
    /** After entering `waiting_customer`: second reminder. Default 5 days. */
    secondReminderAfterMs: z.int().positive(),
    /** After entering `waiting_customer`: auto-close "for lack of response". Default 7 days. */
    waitingAutoCloseAfterMs: z.int().positive(),
    /** After entering `resolved`: auto-close. Default 24 h; documented range 24–48 h. */
    resolvedAutoCloseAfterMs: z.int().positive(),
  })
  .strict()
  .refine(
    (t) => t.firstReminderAfterMs < t.secondReminderAfterMs && t.secondReminderAfterMs < t.waitingAutoCloseAfterMs,
    { message: 'waiting delays must increase: first reminder < second reminder < auto-close' },
  );

/** Some of the delays, as an SLA policy or the configuration overrides them. */
export const PartialTicketTimings = z
  .object({
    firstReminderAfterMs: z.int().positive(),
    secondReminderAfterMs: z.int().positive(),
    waitingAutoCloseAfterMs: z.int().positive(),
    resolvedAutoCloseAfterMs: z.int().positive(),
  })
  .partial()
  .strict();
export type PartialTicketTimings = z.infer<typeof PartialTicketTimings>;

/**
 * The delays that apply to a ticket: the ones its governing SLA terms set over the deployment's.
 * A mix whose waiting delays would not increase is not used; the deployment's apply then.
 */
export function effectiveTimings(
  deployment: TicketTimings,
  overrides: PartialTicketTimings | undefined,
): TicketTimings {
  if (overrides === undefined || Object.keys(overrides).length === 0) return deployment;
  // Checked by hand rather than with the zod schema: workflows call this in Temporal's sandbox,
  // whose frozen globals break zod's lazily defined schema methods.
  const merged = { ...deployment, ...overrides };
  const { firstReminderAfterMs: first, secondReminderAfterMs: second, waitingAutoCloseAfterMs: close } = merged;
  const positive = Object.values(merged).every((ms) => Number.isInteger(ms) && ms > 0);
  return positive && first < second && second < close ? merged : deployment;
}

/**
 * The shortest waiting delay (reminder or auto-close) an admin may set at run time
 * (`setAutomationTimings`, a policy's timings) unless the deployment allows any duration: a
 * delay typed in seconds where milliseconds are meant would otherwise remind and close every
 * waiting ticket within moments. The deployment's own environment is the operator's and is not held to it.
 */
export const MIN_WAITING_DELAY_MS = HOUR_MS;

/**
 * The longest waiting delay an admin may set at run time, whatever the deployment allows: the
 * opposite slip (a delay typed in microseconds, a few zeros too many) would silently switch off
 * reminders and the close for every waiting ticket.
 */
export const MAX_WAITING_DELAY_MS = 90 * DAY_MS;

/**
 * Refuses waiting delays over {@link MAX_WAITING_DELAY_MS} and, unless `anyDuration`, under
 * {@link MIN_WAITING_DELAY_MS} (`VALIDATION_FAILED`), naming `owner` (the timings, a policy) and
 * each refused delay by its path under `at` in the command (`timings`, `definition.timings`).
 */
export function requireWaitingDelayRange(
  owner: string,
  at: string,
  timings: PartialTicketTimings,
  anyDuration: boolean,
): void {
  for (const field of ['firstReminderAfterMs', 'secondReminderAfterMs', 'waitingAutoCloseAfterMs'] as const) {
    const ms = timings[field];
    if (ms === undefined) continue;
    if (ms > MAX_WAITING_DELAY_MS)
      throw invalidField(
        `${at}.${field}`,
        `${owner}: ${field} must be at most 90 days (${MAX_WAITING_DELAY_MS} ms), got ${ms} ms`,
        { field, ms, max: MAX_WAITING_DELAY_MS },
      );
    if (!anyDuration && ms < MIN_WAITING_DELAY_MS)
      throw invalidField(
        `${at}.${field}`,
        `${owner}: ${field} must be at least 1 hour (${MIN_WAITING_DELAY_MS} ms), got ${ms} ms`,
        { field, ms, min: MIN_WAITING_DELAY_MS },
      );
  }
}

/** The documented range of the resolved auto-close delay. */
export const RESOLVED_AUTO_CLOSE_RANGE_MS = Object.freeze({ min: 24 * HOUR_MS, max: 48 * HOUR_MS });

/**
 * Timings whose resolved delay stays within the documented 24–48 h: what a deployment gets unless
 * it allows any duration (demos and acceptance runs close resolved tickets after seconds).
 */
export const DocumentedTicketTimings = TicketTimings.refine(
  (t) =>
    t.resolvedAutoCloseAfterMs >= RESOLVED_AUTO_CLOSE_RANGE_MS.min &&
    t.resolvedAutoCloseAfterMs <= RESOLVED_AUTO_CLOSE_RANGE_MS.max,
  { message: 'the resolved auto-close delay must be within 24-48 h', path: ['resolvedAutoCloseAfterMs'] },
);
export type TicketTimings = z.infer<typeof TicketTimings>;

/** The documented defaults: reminders at 3 and 5 days, auto-close at 7 days waiting and 24 h resolved. */
export const DEFAULT_TICKET_TIMINGS: TicketTimings = Object.freeze({
  firstReminderAfterMs: 3 * DAY_MS,
  secondReminderAfterMs: 5 * DAY_MS,
  waitingAutoCloseAfterMs: 7 * DAY_MS,
  resolvedAutoCloseAfterMs: 24 * HOUR_MS,
});

/**
 * Validates deployment or policy timings, or throws a `VALIDATION_FAILED` DomainError: within the
 * documented range unless `anyDuration`.
 */
export function parseTicketTimings(input: unknown, options: { readonly anyDuration?: boolean } = {}): TicketTimings {
  return parseOrThrow(options.anyDuration ? TicketTimings : DocumentedTicketTimings, input, 'ticket timings');
}

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
