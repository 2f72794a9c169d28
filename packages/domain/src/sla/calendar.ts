import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

/** The days of a business week, in ISO order (luxon's `weekday` 1..7 maps onto this array). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** A local wall-clock time `HH:mm` (00:00 to 23:59). */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time HH:mm');
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

/**
 * One opening window of a day. A window whose `end` is not after its `start` runs past midnight
 * into the next local day (`22:00`-`06:00`); `start === end` is a full 24 hours.
 */
export const BusinessWindowSpec = z.object({ start: LocalTime, end: LocalTime }).strict();
export type BusinessWindowSpec = z.infer<typeof BusinessWindowSpec>;

const DayHours = z.array(BusinessWindowSpec).max(6).default([]);

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
    holidays: z.array(LocalDate).max(1000).default([]),
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

/** The business-hours calendar of an SLA policy (DOMAIN.md section 3). */
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
  const clipped = windowsOfDays(calendar, fromMs, toMs)
    .map((w) => ({ start: Math.max(w.start, fromMs), end: Math.min(w.end, toMs) }))
    .filter((w) => w.start < w.end);
  return mergeIntervals(clipped);
}

/** Milliseconds of business time in `[fromMs, toMs)`; 0 when `toMs <= fromMs`. */
export function businessTimeBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  return businessWindows(calendar, fromMs, toMs).reduce((sum, w) => sum + (w.end - w.start), 0);
}

/** How far ahead {@link addBusinessTime} looks at a time; a week always holds some business time. */
const SCAN_CHUNK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The earliest instant at which `durationMs` of business time has elapsed since `fromMs`
 * (so a duration ending exactly at a window's close gives that close, not the next opening).
 * A non-positive duration gives `fromMs`.
 */
export function addBusinessTime(calendar: BusinessCalendar, fromMs: number, durationMs: number): number {
  if (durationMs <= 0) return fromMs;
  if (calendar.kind === '24/7') return fromMs + durationMs;
  let remaining = durationMs;
  // Terminates: the schema guarantees a window every week, and holidays are a finite list.
  for (let cursor = fromMs; ; cursor += SCAN_CHUNK_MS) {
    for (const window of businessWindows(calendar, cursor, cursor + SCAN_CHUNK_MS)) {
      const length = window.end - window.start;
      if (remaining <= length) return window.start + remaining;
      remaining -= length;
    }
  }
}

/** Every window of every local day that may reach into `[fromMs, toMs)`, unclipped. */
function windowsOfDays(calendar: WeeklyCalendar, fromMs: number, toMs: number): BusinessInterval[] {
  const zone = calendar.timeZone;
  const holidays = new Set(calendar.holidays);
  // A window can start the local day before `fromMs` (midnight crossing); a day after `toMs`
  // covers a fall-back hour that turns the wall clock back across midnight.
  const first = localDate(fromMs, zone).minus({ days: 1 });
  const last = localDate(toMs, zone).plus({ days: 1 });
  const windows: BusinessInterval[] = [];
  for (let day = first; day <= last; day = day.plus({ days: 1 })) {
    if (holidays.has(day.toISODate() ?? '')) continue;
    const weekday = WEEKDAYS[day.weekday - 1]!;
    for (const spec of calendar.weekly[weekday]) {
      const endDay = spec.end <= spec.start ? day.plus({ days: 1 }) : day;
      windows.push({ start: wallClockInstant(zone, day, spec.start), end: wallClockInstant(zone, endDay, spec.end) });
    }
  }
  return windows;
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
