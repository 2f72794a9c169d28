import { z } from 'zod';
import { invalidField } from '../shared/errors.js';
import { DAY_MS, HOUR_MS } from '../shared/time.js';
import { parseOrThrow } from '../shared/validation.js';

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
