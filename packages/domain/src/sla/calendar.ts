import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { RESOLVED_TIME_ZONE_NAMES } from './time-zone-names.js';

/** The days of a business week, in ISO order (luxon's `weekday` 1..7 maps onto this array). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** One of {@link WEEKDAYS}: the keys of a calendar's weekly hours. */
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A local wall-clock time `HH:mm` (00:00 to 23:59). */
export const LocalTime = z.string().regex(LOCAL_TIME, 'expected a local time HH:mm');
export type LocalTime = z.infer<typeof LocalTime>;

/** A local calendar date `YYYY-MM-DD` that really exists. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a local date YYYY-MM-DD')
  .refine((date) => DateTime.fromISO(date, { zone: 'utc' }).isValid, 'not a calendar date');
export type LocalDate = z.infer<typeof LocalDate>;

/** An IANA time-zone name that the runtime's time-zone database knows (e.g. `Asia/Dubai`). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), 'unknown IANA time zone');
export type TimeZone = z.infer<typeof TimeZone>;

/** The names of {@link RESOLVED_TIME_ZONE_NAMES}, by their lower-case form. */
const SPELLED_ELSEWHERE = new Map(RESOLVED_TIME_ZONE_NAMES.map((name) => [name.toLowerCase(), name]));

/**
 * A known zone's name as the time-zone database spells it, whatever the case it was typed in
 * (`asia/dubai` is `Asia/Dubai`, `us/eastern` is `US/Eastern`), so one zone is recorded one way.
 * The name chosen is kept: an alias is not resolved to its target, nor a renamed zone's name to
 * the older one the runtime still uses (`Europe/Kyiv` stays). An alias the runtime resolves and
 * {@link RESOLVED_TIME_ZONE_NAMES} does not list is recorded as the runtime resolves it. A name no
 * database knows is returned as given.
 */
export function canonicalTimeZone(zone: string): string {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
  const lower = zone.toLowerCase();
  return resolved.toLowerCase() === lower ? resolved : (SPELLED_ELSEWHERE.get(lower) ?? resolved);
}

/** The zone as the time-zone database spells it ({@link canonicalTimeZone}), or `UNKNOWN_TIME_ZONE`. */
export function knownTimeZone(zone: string): string {
  if (!TimeZone.safeParse(zone).success)
    throw new DomainError('UNKNOWN_TIME_ZONE', `Unknown time zone "${zone}"`, { timeZone: zone });
  return canonicalTimeZone(zone);
}

/**
 * One opening window of a day. A window whose `end` is not after its `start` runs past midnight
 * into the next local day (`22:00`-`06:00`); `start === end` is a full 24 hours.
 */
export const BusinessWindowSpec = z.object({ start: LocalTime, end: LocalTime }).strict();
export type BusinessWindowSpec = z.infer<typeof BusinessWindowSpec>;

const DayHours = z.array(BusinessWindowSpec).max(6).default([]);

/** Holidays one calendar may list. */
const MAX_HOLIDAYS = 1000;

/**
 * Business hours: weekly windows in a time zone, minus holidays.
 *
 * - Several windows per day are allowed; overlapping ones simply merge.
 * - Holidays are local dates with no business time. A window belongs to the day it starts on:
 *   a holiday cancels the windows that start on it (including one running past midnight into the
 *   next day) and leaves alone a window that started the day before and runs into it.
 * - Local times follow the wall clock: a window opens at the first instant the clock shows its
 *   start time and closes at the first instant it shows its end time. So a time skipped by a DST
 *   jump opens/closes when the clock jumps, and a repeated hour counts once per occurrence that
 *   falls inside the window (01:00-03:00 lasts 1 h on a spring-forward day, 3 h on a fall-back day).
 */
export const WeeklyCalendar = z
  .object({
    kind: z.literal('weekly'),
    timeZone: TimeZone,
    weekly: z
      .object({
        mon: DayHours,
        tue: DayHours,
        wed: DayHours,
        thu: DayHours,
        fri: DayHours,
        sat: DayHours,
        sun: DayHours,
      })
      .strict(),
    holidays: z.array(LocalDate).max(MAX_HOLIDAYS).default([]),
  })
  .strict()
  // Without a single window, "add N hours of business time" would never end.
  .refine((calendar) => WEEKDAYS.some((day) => calendar.weekly[day].length > 0), {
    message: 'a business calendar needs at least one window a week',
    path: ['weekly'],
  });
export type WeeklyCalendar = z.infer<typeof WeeklyCalendar>;

/** Round-the-clock service: every instant is business time. */
export const AlwaysOpenCalendar = z.object({ kind: z.literal('24/7') }).strict();
export type AlwaysOpenCalendar = z.infer<typeof AlwaysOpenCalendar>;

/** The business-hours calendar of an SLA policy (docs/domain.md#sla-business-hours). */
export const BusinessCalendar = z.discriminatedUnion('kind', [WeeklyCalendar, AlwaysOpenCalendar]);
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

/** A half-open interval `[start, end)` of business time, in epoch milliseconds (UTC). */
export interface BusinessInterval {
  readonly start: number;
  readonly end: number;
}

/** The documented 24/7 calendar. */
export const ALWAYS_OPEN: BusinessCalendar = { kind: '24/7' };

/** The documented example: weekdays 08:00-20:00 and weekends 10:00-18:00 in UTC+4 (Dubai, no DST). */
export const DUBAI_BUSINESS_HOURS: BusinessCalendar = BusinessCalendar.parse({
  kind: 'weekly',
  timeZone: 'Asia/Dubai',
  weekly: {
    mon: [{ start: '08:00', end: '20:00' }],
    tue: [{ start: '08:00', end: '20:00' }],
    wed: [{ start: '08:00', end: '20:00' }],
    thu: [{ start: '08:00', end: '20:00' }],
    fri: [{ start: '08:00', end: '20:00' }],
    sat: [{ start: '10:00', end: '18:00' }],
    sun: [{ start: '10:00', end: '18:00' }],
  },
  holidays: [],
});

/**
 * The business intervals intersecting `[fromMs, toMs)`, clipped to it, sorted and merged
 * (overlapping or touching windows become one interval). Empty when `toMs <= fromMs`.
 */
export function businessWindows(calendar: BusinessCalendar, fromMs: number, toMs: number): BusinessInterval[] {
  if (toMs <= fromMs) return [];
  if (calendar.kind === '24/7') return [{ start: fromMs, end: toMs }];
  const clipped: BusinessInterval[] = [];
  for (const w of windowsOfDays(calendar, fromMs, toMs)) {
    const start = Math.max(w.start, fromMs);
    const end = Math.min(w.end, toMs);
    if (start < end) clipped.push({ start, end });
  }
  return mergeIntervals(clipped);
}

/** Milliseconds of business time in `[fromMs, toMs)`; 0 when `toMs <= fromMs`. */
export function businessTimeBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  return businessWindows(calendar, fromMs, toMs).reduce((sum, w) => sum + (w.end - w.start), 0);
}

/** How far ahead {@link addBusinessTime} looks at a time; a week always holds some business time. */
const SCAN_CHUNK_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * The most weeks {@link addBusinessTime} scans: twenty years. Configuration refuses a target its
 * calendar needs more than ten years to reach (`MAX_TARGET_WEEKS`); past this bound a duration is
 * refused rather than counted for minutes on end (a deadline thousands of years away).
 */
const MAX_SCAN_WEEKS = 1040;

/**
 * The earliest instant at which `durationMs` of business time has elapsed since `fromMs`
 * (so a duration ending exactly at a window's close gives that close, not the next opening).
 * A non-positive duration gives `fromMs`.
 */
export function addBusinessTime(calendar: BusinessCalendar, fromMs: number, durationMs: number): number {
  requireInstants(fromMs, durationMs);
  if (durationMs <= 0) return fromMs;
  if (calendar.kind === '24/7') return fromMs + durationMs;
  requireWeeklyCalendar(calendar);
  let remaining = durationMs;
  // Terminates: a valid calendar (checked above) has a window every week, and at most
  // MAX_HOLIDAYS holidays can empty a week of it. Each chunk reads the windows of its days from
  // the calendar's memo (see `memoOf`), so even a target of many weeks costs a few map look-ups
  // per day and no luxon work once they are known.
  let emptyWeeks = 0;
  const horizon = fromMs + MAX_SCAN_WEEKS * SCAN_CHUNK_MS;
  for (let cursor = fromMs; emptyWeeks <= MAX_HOLIDAYS && cursor < horizon; cursor += SCAN_CHUNK_MS) {
    const windows = businessWindows(calendar, cursor, cursor + SCAN_CHUNK_MS);
    emptyWeeks = windows.length === 0 ? emptyWeeks + 1 : 0;
    for (const window of windows) {
      const length = window.end - window.start;
      if (remaining <= length) return window.start + remaining;
      remaining -= length;
    }
  }
  if (emptyWeeks > MAX_HOLIDAYS)
    throw new DomainError('VALIDATION_FAILED', 'The business calendar has no business time left to count', {});
  throw new DomainError(
    'SLA_TARGET_INVALID',
    `${Math.round(durationMs / 60_000)} minutes of business time take this calendar more than ${MAX_SCAN_WEEKS / 52} years`,
    { durationMinutes: Math.round(durationMs / 60_000) },
  );
}

/** Instants and durations are finite numbers of milliseconds (NaN would never reach a window). */
function requireInstants(...values: number[]): void {
  if (!values.every(Number.isFinite))
    throw new DomainError('VALIDATION_FAILED', `Expected finite milliseconds, got ${values.join(', ')}`, {});
}

/** Weekly calendars already found valid (by object: calendars are immutable, see `memos`). */
const validCalendars = new WeakSet<WeeklyCalendar>();

/**
 * Refuses a weekly calendar its schema would (one built without `BusinessCalendar.parse`): an
 * unknown time zone is `UNKNOWN_TIME_ZONE`; no window in the week, or a malformed one,
 * `VALIDATION_FAILED`. Either would otherwise never yield business time. Plain checks, not the
 * schema's `safeParse`: zod defines its methods on first use, which a frozen workflow sandbox forbids.
 */
function requireWeeklyCalendar(calendar: WeeklyCalendar): void {
  if (validCalendars.has(calendar)) return;
  if (!IANAZone.isValidZone(String(calendar.timeZone)))
    throw new DomainError('UNKNOWN_TIME_ZONE', `Unknown time zone "${calendar.timeZone}"`, {
      timeZone: calendar.timeZone,
    });
  const windows = WEEKDAYS.flatMap((day) => calendar.weekly?.[day] ?? []);
  if (windows.length === 0)
    throw new DomainError('VALIDATION_FAILED', 'Not a business calendar: it needs at least one window a week', {});
  const malformed = windows.find((w) => !LOCAL_TIME.test(String(w?.start)) || !LOCAL_TIME.test(String(w?.end)));
  if (malformed !== undefined)
    throw new DomainError('VALIDATION_FAILED', `Not a business calendar: window ${JSON.stringify(malformed)}`, {});
  validCalendars.add(calendar);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Instants luxon (and `Date`) can represent, less a margin for the days around them; ranges
 * reaching beyond (year 275760, or NaN) go the slow way, invalid dates and all.
 */
const MAX_MEMOIZED_INSTANT_MS = 8.64e15 - 7 * DAY_MS;

/**
 * Local days whose windows one calendar remembers; past that the oldest remembered day is
 * forgotten first (about 11 years of days, under 1 MB).
 */
export const MAX_MEMOIZED_DAYS = 4096;

/**
 * What the functions above remember about one weekly calendar: its holidays as a set, and the
 * unclipped windows of each local day computed so far (key: the day's number since 1970-01-01),
 * frozen and in the order the schedule lists them.
 */
interface CalendarMemo {
  readonly holidays: ReadonlySet<string>;
  readonly days: Map<number, readonly BusinessInterval[]>;
}

/**
 * Memo by calendar object, so it dies with the calendar. Business calendars are immutable data
 * (parsed by zod, never modified afterwards; the functions here only read them): a memo keyed by
 * the object stays true to it, and results are exactly those of computing every day afresh.
 * A calendar mutated after its first use would keep being served its old windows: build a new
 * calendar object instead.
 */
const memos = new WeakMap<WeeklyCalendar, CalendarMemo>();

/**
 * Calendars equal in content share a memo (the windows depend on nothing else), so a caller that
 * parses the same policy again for every call (a workflow's input) does not start from nothing.
 * Keyed by the calendar's JSON; the last {@link MAX_SHARED_MEMOS} contents are kept.
 */
const memosByContent = new Map<string, CalendarMemo>();
const MAX_SHARED_MEMOS = 16;

function memoOf(calendar: WeeklyCalendar): CalendarMemo {
  let memo = memos.get(calendar);
  if (memo === undefined) {
    const content = JSON.stringify([calendar.timeZone, calendar.weekly, calendar.holidays]);
    memo = memosByContent.get(content);
    if (memo === undefined) {
      memo = { holidays: new Set(calendar.holidays), days: new Map() };
      if (memosByContent.size >= MAX_SHARED_MEMOS) memosByContent.delete(memosByContent.keys().next().value!);
      memosByContent.set(content, memo);
    }
    memos.set(calendar, memo);
  }
  return memo;
}

/** The windows starting on local day `day` (days since 1970-01-01), from the memo or luxon. */
function windowsOfDay(calendar: WeeklyCalendar, memo: CalendarMemo, day: number): readonly BusinessInterval[] {
  let windows = memo.days.get(day);
  if (windows === undefined) {
    windows = computeWindowsOfDay(calendar, memo.holidays, DateTime.fromMillis(day * DAY_MS, { zone: 'utc' }));
    if (memo.days.size >= MAX_MEMOIZED_DAYS) memo.days.delete(memo.days.keys().next().value!);
    memo.days.set(day, windows);
  }
  return windows;
}

/** The unclipped windows starting on local date `day` (a UTC midnight), computed with luxon. */
function computeWindowsOfDay(
  calendar: WeeklyCalendar,
  holidays: ReadonlySet<string>,
  day: DateTime,
): readonly BusinessInterval[] {
  const zone = calendar.timeZone;
  if (holidays.has(day.toISODate() ?? '')) return Object.freeze([]);
  const weekday = WEEKDAYS[day.weekday - 1]!;
  return Object.freeze(
    calendar.weekly[weekday].map((spec) => {
      const endDay = spec.end <= spec.start ? day.plus({ days: 1 }) : day;
      return Object.freeze({
        start: wallClockInstant(zone, day, spec.start),
        end: wallClockInstant(zone, endDay, spec.end),
      });
    }),
  );
}

/**
 * Every window of every local day that may reach into `[fromMs, toMs)`, unclipped: the days from
 * the local date of `fromMs` minus one to that of `toMs` plus one. A window can start the local
 * day before `fromMs` (midnight crossing); a day after `toMs` covers a fall-back hour that turns
 * the wall clock back across midnight.
 *
 * Finding a local date takes a time-zone offset, which is costly (`Intl`), so the days are first
 * bounded from UTC dates: a UTC offset is under a day, so the local date of an instant is its UTC
 * date or a neighbour, and days `utc(fromMs)` to `utc(toMs)` are surely in range. The two days
 * either side of those may or may not be: when one of their windows reaches into the range (rare:
 * a window running past midnight, or an offset across midnight), the exact local dates decide, as
 * they always did; a window that does not reach into it changes nothing once clipped anyway.
 */
function windowsOfDays(calendar: WeeklyCalendar, fromMs: number, toMs: number): BusinessInterval[] {
  if (!(Math.abs(fromMs) <= MAX_MEMOIZED_INSTANT_MS && Math.abs(toMs) <= MAX_MEMOIZED_INSTANT_MS)) {
    return windowsOfDaysWithLuxon(calendar, fromMs, toMs);
  }
  const memo = memoOf(calendar);
  const firstSure = Math.floor(fromMs / DAY_MS);
  const lastSure = Math.floor(toMs / DAY_MS);
  const windows: BusinessInterval[] = [];
  let firstDay: number | undefined;
  let lastDay: number | undefined;
  const reaches = (w: BusinessInterval) => Math.max(w.start, fromMs) < Math.min(w.end, toMs);
  for (let day = firstSure - 2; day <= lastSure + 2; day++) {
    const ofDay = windowsOfDay(calendar, memo, day);
    if (day < firstSure && ofDay.some(reaches)) {
      firstDay ??= localDay(fromMs, calendar.timeZone) - 1;
      if (day < firstDay) continue;
    } else if (day > lastSure && ofDay.some(reaches)) {
      lastDay ??= localDay(toMs, calendar.timeZone) + 1;
      if (day > lastDay) continue;
    }
    for (const w of ofDay) windows.push(w);
  }
  return windows;
}

/** {@link windowsOfDays} without the memo, walking local dates with luxon. */
function windowsOfDaysWithLuxon(calendar: WeeklyCalendar, fromMs: number, toMs: number): BusinessInterval[] {
  const holidays = new Set(calendar.holidays);
  const first = localDate(fromMs, calendar.timeZone).minus({ days: 1 });
  const last = localDate(toMs, calendar.timeZone).plus({ days: 1 });
  const windows: BusinessInterval[] = [];
  for (let day = first; day <= last; day = day.plus({ days: 1 })) {
    windows.push(...computeWindowsOfDay(calendar, holidays, day));
  }
  return windows;
}

/** The local calendar date of an instant, as days since 1970-01-01. */
function localDay(ms: number, zone: string): number {
  return Math.round(localDate(ms, zone).toMillis() / DAY_MS);
}

/** The local calendar date of an instant, as a UTC midnight (so day arithmetic ignores DST). */
function localDate(ms: number, zone: string): DateTime {
  const local = DateTime.fromMillis(ms, { zone });
  return DateTime.utc(local.year, local.month, local.day);
}

/**
 * The first instant at which the wall clock of `zone` shows `time` (or later) on local date `day`.
 * Luxon resolves a repeated time to its later occurrence and a skipped time to "shifted forward by
 * the gap"; business hours need the first occurrence and the moment of the jump instead.
 */
function wallClockInstant(zone: string, day: DateTime, time: LocalTime): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const resolved = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
  const exists = resolved.day === day.day && resolved.hour === hour && resolved.minute === minute;
  if (exists) return Math.min(...resolved.getPossibleOffsets().map((candidate) => candidate.toMillis()));
  return momentOfJump(zone, day, hour, minute, resolved);
}

/**
 * For a wall time skipped by a forward jump: the instant the clock jumped over it. That instant lies
 * after the one showing the same wall time in the post-jump offset (which falls before the jump)
 * and at or before luxon's shifted answer; the offset changes exactly once in between.
 */
function momentOfJump(zone: string, day: DateTime, hour: number, minute: number, shifted: DateTime): number {
  const ianaZone = IANAZone.create(zone);
  const wallAsUtc = DateTime.utc(day.year, day.month, day.day, hour, minute).toMillis();
  let before = wallAsUtc - shifted.offset * 60_000;
  let after = shifted.toMillis();
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (ianaZone.offset(middle) === shifted.offset) after = middle;
    else before = middle;
  }
  return after;
}

/** Sorts intervals and merges the overlapping or touching ones. */
function mergeIntervals(intervals: BusinessInterval[]): BusinessInterval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: BusinessInterval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    else merged.push(interval);
  }
  return merged;
}
