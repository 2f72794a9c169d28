import type { z } from 'zod';
import { InactivityTimeoutMs } from '../chat/timings.js';
import { DomainError, type DomainErrorCode, invalidField } from '../shared/errors.js';
import { WEEKDAYS } from '../sla/calendar.js';
import { RESOLVED_AUTO_CLOSE_RANGE_MS, requireWaitingDelayRange, type TicketTimings } from '../ticket/timings.js';
import type { CalendarDefinition, SlaPolicyDefinition } from './definitions.js';
import { categoryChain, MAX_CATEGORY_DEPTH } from './governing.js';
import type { SlaConfiguration } from './state.js';

const DAY_MINUTES = 24 * 60;

/**
 * Parses a configuration input, or throws a DomainError whose code names the first problem:
 * `UNKNOWN_TIME_ZONE`, `SLA_TARGET_INVALID` (a target or threshold of zero or less), else
 * `VALIDATION_FAILED`. The issues are listed in `details` either way.
 */
export function parseConfigInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.message,
    // A zone left out (or not a string) is malformed input, not an unknown zone.
    malformed: issue.code === 'invalid_type',
  }));
  const code = issueCode(issues);
  const summary = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new DomainError(code, `Invalid ${what}: ${summary}`, {
    issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

function issueCode(
  issues: readonly { path: readonly string[]; message: string; malformed: boolean }[],
): DomainErrorCode {
  for (const { path, message, malformed } of issues) {
    if (path.at(-1) === 'timeZone' && !malformed) return 'UNKNOWN_TIME_ZONE';
    const last = path.at(-1) ?? '';
    if (/Minutes$/.test(last) && /(>|greater|too small|positive)/i.test(message)) return 'SLA_TARGET_INVALID';
  }
  return 'VALIDATION_FAILED';
}

/**
 * Refuses windows of one calendar that overlap (`CALENDAR_WINDOWS_OVERLAP`): on the same day, or
 * a window running past midnight into the next day's first one. Windows that touch (a split
 * shift 08:00-12:00, 12:00-16:00) are fine.
 */
export function requireNoOverlap(calendarId: string, { calendar }: CalendarDefinition): void {
  if (calendar.kind !== 'weekly') return;
  const spans = WEEKDAYS.flatMap((day, index) =>
    calendar.weekly[day].map((window) => {
      const start = index * DAY_MINUTES + minutes(window.start);
      const end = index * DAY_MINUTES + minutes(window.end);
      return { day, window: `${window.start}-${window.end}`, start, end: end <= start ? end + DAY_MINUTES : end };
    }),
  );
  // Sunday night runs into Monday: compare with the next week's spans too.
  const week = 7 * DAY_MINUTES;
  const nextWeek = spans.map((s) => ({ ...s, start: s.start + week, end: s.end + week }));
  const pairs = spans.flatMap((a, i) => [...spans.slice(i + 1), ...nextWeek].map((b) => [a, b] as const));
  const clash = pairs.find(([a, b]) => a.start < b.end && b.start < a.end);
  if (clash !== undefined) {
    const [a, b] = clash;
    throw new DomainError(
      'CALENDAR_WINDOWS_OVERLAP',
      `Calendar ${calendarId}: ${a.day} ${a.window} overlaps ${b.day} ${b.window}`,
      { calendarId, windows: [`${a.day} ${a.window}`, `${b.day} ${b.window}`] },
    );
  }
}

function minutes(time: string): number {
  const [hours, mins] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (mins ?? 0);
}

/** Refuses a holiday outside the calendar's coverage (`HOLIDAY_OUT_OF_RANGE`), or a coverage that ends before it starts. */
export function requireHolidaysInRange(
  calendarId: string,
  definition: CalendarDefinition,
  coverage: { from: string; to: string },
): void {
  if (coverage.from > coverage.to)
    throw invalidField('definition.coverage', `Calendar ${calendarId}: its coverage ends before it starts`, {
      calendarId,
      coverage,
    });
  if (definition.calendar.kind !== 'weekly') return;
  const outside = definition.calendar.holidays.find((date) => date < coverage.from || date > coverage.to);
  if (outside !== undefined)
    throw new DomainError(
      'HOLIDAY_OUT_OF_RANGE',
      `Calendar ${calendarId}: holiday ${outside} is outside its coverage ${coverage.from} to ${coverage.to}`,
      { calendarId, holiday: outside, coverage },
    );
}

/** Refuses a policy that names a calendar the configuration does not have (`NOT_FOUND`). */
export function requireCalendars(config: SlaConfiguration, policyId: string, definition: SlaPolicyDefinition): void {
  for (const calendarId of [definition.calendarId, ...Object.values(definition.calendarByPriority ?? {})])
    if (config.calendars[calendarId] === undefined)
      throw new DomainError('NOT_FOUND', `Policy ${policyId} counts in calendar ${calendarId}, which does not exist`, {
        policyId,
        calendarId,
      });
}

/**
 * The most weeks a policy's longest target may take on its calendar: ten years. A year of
 * business time (the largest target) on a calendar open 40 hours a week takes about 4.2 years;
 * on one open a minute a week it would take ten thousand, a deadline no clock can wait for nor
 * any database date hold.
 */
export const MAX_TARGET_WEEKS = 520;

/**
 * Refuses a policy whose targets its calendars cannot reach within {@link MAX_TARGET_WEEKS}
 * (`SLA_TARGET_INVALID`): for each priority, its longest target (the category targets and the
 * escalation threshold included) over the business minutes its calendar opens a week (holidays
 * and daylight-saving changes aside). `calendars` answers a calendar by id (an edit's new one
 * for the calendar being saved).
 */
export function requireReachableTargets(
  calendars: (calendarId: string) => CalendarDefinition | undefined,
  policyId: string,
  definition: SlaPolicyDefinition,
): void {
  const categoryMinutes = Object.values(definition.categoryTargets).flatMap((targets) => Object.values(targets));
  for (const priority of ['low', 'normal', 'high', 'urgent'] as const) {
    const calendarId = definition.calendarByPriority?.[priority] ?? definition.calendarId;
    const calendar = calendars(calendarId)?.calendar;
    if (calendar === undefined || calendar.kind !== 'weekly') continue;
    const weekly = WEEKDAYS.flatMap((day) => calendar.weekly[day]).reduce((sum, window) => {
      const length = minutes(window.end) - minutes(window.start);
      return sum + (length > 0 ? length : length + DAY_MINUTES);
    }, 0);
    const longest = Math.max(
      ...Object.values(definition.targets[priority]),
      ...categoryMinutes,
      definition.escalationThresholdMinutes ?? 0,
    );
    const weeks = longest / weekly;
    if (weeks > MAX_TARGET_WEEKS)
      throw new DomainError(
        'SLA_TARGET_INVALID',
        `Policy ${policyId}: its ${priority} targets run to ${longest} minutes of business time, and calendar ` +
          `${calendarId} opens ${weekly} minutes a week: a deadline could fall ${Math.round(weeks / 52)} years ` +
          `away (at most ${MAX_TARGET_WEEKS / 52}); shorten the targets or open the calendar longer`,
        { policyId, calendarId, priority, targetMinutes: longest, weeklyMinutes: weekly },
      );
  }
}

/**
 * Refuses a policy whose own waiting delays do not increase (first reminder, second reminder,
 * auto-close: those it sets, in that order), or, unless the deployment allows any duration, whose
 * waiting delays are under an hour or whose resolved auto-close delay leaves the documented
 * 24-48 h (`VALIDATION_FAILED`).
 */
export function requirePolicyTimings(policyId: string, definition: SlaPolicyDefinition, anyDuration: boolean): void {
  const timings = definition.timings ?? {};
  const waiting = [timings.firstReminderAfterMs, timings.secondReminderAfterMs, timings.waitingAutoCloseAfterMs].filter(
    (ms): ms is number => ms !== undefined,
  );
  if (waiting.some((ms, i) => i > 0 && ms <= waiting[i - 1]!))
    throw invalidField(
      'definition.timings',
      `Policy ${policyId}: waiting delays must increase: first reminder < second reminder < auto-close`,
      { policyId },
    );
  requireWaitingDelayRange(`Policy ${policyId}`, 'definition.timings', timings, anyDuration);
  if (anyDuration) return;
  const resolved = timings.resolvedAutoCloseAfterMs;
  if (resolved === undefined) return;
  const { min, max } = RESOLVED_AUTO_CLOSE_RANGE_MS;
  if (resolved < min || resolved > max)
    throw invalidField(
      'definition.timings.resolvedAutoCloseAfterMs',
      `Policy ${policyId}: the resolved auto-close delay must be within 24-48 h`,
      { policyId, resolvedAutoCloseAfterMs: resolved },
    );
}

const WAITING_DELAYS = ['firstReminderAfterMs', 'secondReminderAfterMs', 'waitingAutoCloseAfterMs'] as const;

/**
 * Refuses (`VALIDATION_FAILED`, at `field`) a policy's timings that, laid over the configured ones
 * (`setAutomationTimings`), would make waiting delays that do not increase: its tickets would
 * quietly run on the environment's delays instead of either. Decided only when the two together
 * set every waiting delay (else the environment's fill the gap, which only the operator knows).
 */
export function requireIncreasingMix(
  policyId: string,
  configured: Partial<TicketTimings> | undefined,
  policy: Partial<TicketTimings> | undefined,
  field: string,
): void {
  if (policy === undefined) return;
  const mix = { ...configured, ...policy };
  const waiting = WAITING_DELAYS.map((name) => mix[name]);
  if (waiting.some((ms) => ms === undefined)) return;
  const [first, second, close] = waiting as number[];
  if (first! < second! && second! < close!) return;
  throw invalidField(
    field,
    `Policy ${policyId}: laid over the configured timings, its waiting delays would not increase ` +
      `(first reminder ${first} ms, second ${second} ms, auto-close ${close} ms)`,
    { policyId },
  );
}

/** Refuses a chat inactivity timeout under a minute or over a day (`VALIDATION_FAILED`). */
export function requireInactivityTimeout(inactivityTimeoutMs: number): void {
  if (!InactivityTimeoutMs.safeParse(inactivityTimeoutMs).success)
    throw invalidField('inactivityTimeoutMs', 'The chat inactivity timeout must be from a minute to a day', {
      inactivityTimeoutMs,
    });
}

/**
 * Refuses a category whose parent does not exist (`NOT_FOUND`), is itself or one of its own
 * descendants (`CATEGORY_CYCLE`), or puts it deeper than the tree allows (`VALIDATION_FAILED`).
 */
export function requireTreePlace(config: SlaConfiguration, categoryId: string, parentId: string | null): void {
  if (parentId === null) return;
  if (config.categories[parentId] === undefined)
    throw new DomainError('NOT_FOUND', `Category ${categoryId}: parent ${parentId} does not exist`, {
      categoryId,
      parentId,
    });
  const ancestors = categoryChain(config, parentId).map((c) => c.id);
  if (parentId === categoryId || ancestors.includes(categoryId))
    throw new DomainError('CATEGORY_CYCLE', `Category ${categoryId} cannot sit under ${parentId}: that makes a cycle`, {
      categoryId,
      parentId,
      path: [categoryId, ...ancestors],
    });
  // The parent's chain plus the moved subtree (the category itself counted in it).
  if (ancestors.length + subtreeDepth(config, categoryId) > MAX_CATEGORY_DEPTH)
    throw invalidField(
      'definition.parentId',
      `Category ${categoryId}: the tree may be at most ${MAX_CATEGORY_DEPTH} deep`,
      {
        categoryId,
        parentId,
      },
    );
}

function subtreeDepth(config: SlaConfiguration, categoryId: string, seen = new Set<string>()): number {
  if (seen.has(categoryId)) return 0;
  seen.add(categoryId);
  const children = Object.values(config.categories).filter((c) => c.definition.parentId === categoryId);
  return 1 + Math.max(0, ...children.map((c) => subtreeDepth(config, c.id, seen)));
}

/** What uses a policy: the default slot, and the categories and plans naming it. */
export function policyUsers(config: SlaConfiguration, policyId: string): string[] {
  return [
    ...(config.defaultPolicyId === policyId ? ['default'] : []),
    ...Object.values(config.categories)
      .filter((c) => c.definition.slaPolicyId === policyId)
      .map((c) => `category:${c.id}`),
    ...Object.values(config.planPolicies)
      .filter((p) => p.policyId === policyId)
      .map((p) => `plan:${p.plan}`),
  ];
}

/** What counts in a calendar: the policies naming it, and the chat desk when its opening hours follow it. */
export function calendarUsers(config: SlaConfiguration, calendarId: string): string[] {
  const policies = Object.values(config.policies)
    .filter(
      (p) =>
        p.definition.calendarId === calendarId ||
        Object.values(p.definition.calendarByPriority ?? {}).includes(calendarId),
    )
    .map((p) => `policy:${p.id}`);
  return config.chatHoursCalendarId === calendarId ? [...policies, 'chat-hours'] : policies;
}
