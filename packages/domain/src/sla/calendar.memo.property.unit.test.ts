// The calendar functions remember each calendar's windows per local day (a memo keyed by the
// calendar object, shared by calendars equal in content) and find the days of a range from UTC
// dates first. These properties check that this changes no result: everything equals the
// original day-by-day luxon computation below, kept here verbatim as the reference.
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.js';
import { calendarAndAnchorArb } from './brute-force.fixture.js';
import {
  addBusinessTime,
  BusinessCalendar,
  type BusinessInterval,
  businessTimeBetween,
  businessWindows,
  MAX_MEMOIZED_DAYS,
  WEEKDAYS,
  type WeeklyCalendar,
} from './calendar.js';

// ---------------------------------------------------------------------------------------------
// Reference: the calendar functions as they were before the memo, with nothing remembered.

function referenceWindows(calendar: BusinessCalendar, fromMs: number, toMs: number): BusinessInterval[] {
  if (toMs <= fromMs) return [];
  if (calendar.kind === '24/7') return [{ start: fromMs, end: toMs }];
  const clipped = referenceWindowsOfDays(calendar, fromMs, toMs)
    .map((w) => ({ start: Math.max(w.start, fromMs), end: Math.min(w.end, toMs) }))
    .filter((w) => w.start < w.end);
  const sorted = [...clipped].sort((a, b) => a.start - b.start);
  const merged: BusinessInterval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    else merged.push(interval);
  }
  return merged;
}

function referenceTimeBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  return referenceWindows(calendar, fromMs, toMs).reduce((sum, w) => sum + (w.end - w.start), 0);
}

function referenceAdd(calendar: BusinessCalendar, fromMs: number, durationMs: number): number {
  if (durationMs <= 0) return fromMs;
  if (calendar.kind === '24/7') return fromMs + durationMs;
  let remaining = durationMs;
  for (let cursor = fromMs; ; cursor += 7 * DAY_MS) {
    for (const window of referenceWindows(calendar, cursor, cursor + 7 * DAY_MS)) {
      const length = window.end - window.start;
      if (remaining <= length) return window.start + remaining;
      remaining -= length;
    }
  }
}

function referenceWindowsOfDays(calendar: WeeklyCalendar, fromMs: number, toMs: number): BusinessInterval[] {
  const zone = calendar.timeZone;
  const holidays = new Set(calendar.holidays);
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

function localDate(ms: number, zone: string): DateTime {
  const local = DateTime.fromMillis(ms, { zone });
  return DateTime.utc(local.year, local.month, local.day);
}

function wallClockInstant(zone: string, day: DateTime, time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const resolved = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
  const exists = resolved.day === day.day && resolved.hour === hour && resolved.minute === minute;
  if (exists) return Math.min(...resolved.getPossibleOffsets().map((candidate) => candidate.toMillis()));
  const ianaZone = IANAZone.create(zone);
  const wallAsUtc = DateTime.utc(day.year, day.month, day.day, hour, minute).toMillis();
  let before = wallAsUtc - resolved.offset * 60_000;
  let after = resolved.toMillis();
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (ianaZone.offset(middle) === resolved.offset) after = middle;
    else before = middle;
  }
  return after;
}

// ---------------------------------------------------------------------------------------------

/** Property tests replay many ranges; give them room on a busy 2-core CI machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

/** A query on a calendar: ranges to the millisecond, short or spanning weeks, near a DST change. */
const queryArb = fc.record({
  before: fc.nat({ max: 3 * DAY_MS }),
  length: fc.oneof(fc.nat({ max: 2 * DAY_MS }), fc.nat({ max: 28 * DAY_MS })),
  duration: fc.oneof(fc.nat({ max: 12 * HOUR_MS }), fc.nat({ max: 200 * HOUR_MS })),
  /** Ask through a structurally equal copy of the calendar rather than the calendar itself. */
  copy: fc.boolean(),
});

describe('the memoized calendar functions equal the computation from scratch', () => {
  it(
    'on random calendars, for ranges and durations asked in any order, on the calendar or a copy',
    () => {
      fc.assert(
        fc.property(calendarAndAnchorArb, fc.array(queryArb, { minLength: 1, maxLength: 6 }), (setup, queries) => {
          const { calendar, anchor } = setup;
          for (const { before, length, duration, copy } of queries) {
            const asked = copy ? structuredClone(calendar) : calendar;
            const from = anchor - before;
            const to = from + length;
            expect(businessWindows(asked, from, to)).toEqual(referenceWindows(calendar, from, to));
            expect(businessTimeBetween(asked, from, to)).toBe(referenceTimeBetween(calendar, from, to));
            expect(addBusinessTime(asked, from, duration)).toBe(referenceAdd(calendar, from, duration));
          }
        }),
        { numRuns: 100 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'near midnight, where the local date differs from the UTC date, in zones far from UTC',
    () => {
      const zones = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/St_Johns', 'Asia/Kathmandu'];
      const calendarArb = fc
        .record({
          timeZone: fc.constantFrom(...zones),
          start: fc.integer({ min: 0, max: 23 }),
          // Often a long window past midnight: the one that reaches a day into the next UTC date.
          hours: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 18, max: 23 })),
          holiday: fc.integer({ min: -2, max: 2 }),
        })
        .map(({ timeZone, start, hours, holiday }) => {
          const two = (n: number) => String(n).padStart(2, '0');
          const window = { start: `${two(start)}:00`, end: `${two((start + hours) % 24)}:30` };
          return BusinessCalendar.parse({
            kind: 'weekly',
            timeZone,
            weekly: { mon: [window], wed: [window], thu: [window], sun: [window] },
            holidays: [new Date(Date.UTC(2024, 5, 12 + holiday)).toISOString().slice(0, 10)],
          });
        });
      const instantArb = fc.integer({ min: Date.UTC(2024, 5, 8), max: Date.UTC(2024, 5, 16) });
      fc.assert(
        fc.property(calendarArb, instantArb, fc.nat({ max: 3 * DAY_MS }), (calendar, from, length) => {
          expect(businessWindows(calendar, from, from + length)).toEqual(
            referenceWindows(calendar, from, from + length),
          );
          expect(addBusinessTime(calendar, from, length)).toBe(referenceAdd(calendar, from, length));
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('when a window of the local day before a range starts two UTC dates before it', () => {
    // Pago Pago is UTC-11: Monday 13:00 there is Tuesday 00:00 UTC, and Sunday's window runs to 13:30.
    const calendar = BusinessCalendar.parse({
      kind: 'weekly',
      timeZone: 'Pacific/Pago_Pago',
      weekly: { sun: [{ start: '14:00', end: '13:30' }] },
    });
    const mondayOnePm = Date.UTC(2024, 5, 11);
    expect(businessWindows(calendar, mondayOnePm, mondayOnePm + HOUR_MS)).toEqual([
      { start: mondayOnePm, end: mondayOnePm + 30 * MINUTE_MS },
    ]);
    expect(addBusinessTime(calendar, mondayOnePm, 20 * MINUTE_MS)).toBe(mondayOnePm + 20 * MINUTE_MS);
  });

  it(
    'after forgetting the oldest days of a range longer than the memo holds',
    () => {
      const calendar = BusinessCalendar.parse({
        kind: 'weekly',
        timeZone: 'America/New_York',
        weekly: { mon: [{ start: '22:00', end: '02:30' }], fri: [{ start: '01:00', end: '03:00' }] },
        holidays: ['2012-03-12', '2020-11-02'],
      });
      const from = Date.UTC(2010, 0, 1);
      const to = from + (MAX_MEMOIZED_DAYS + 400) * DAY_MS;
      expect(businessTimeBetween(calendar, from, to)).toBe(referenceTimeBetween(calendar, from, to));
      for (const at of [from, Date.UTC(2012, 2, 10), Date.UTC(2020, 10, 1), to - 3 * DAY_MS]) {
        expect(businessWindows(calendar, at, at + 9 * DAY_MS)).toEqual(referenceWindows(calendar, at, at + 9 * DAY_MS));
        expect(addBusinessTime(calendar, at, 7 * HOUR_MS)).toBe(referenceAdd(calendar, at, 7 * HOUR_MS));
      }
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('at the edges of representable time, and for NaN', () => {
    const calendar = BusinessCalendar.parse({
      kind: 'weekly',
      timeZone: 'Europe/Paris',
      weekly: { tue: [{ start: '09:00', end: '09:00' }] },
    });
    const max = 8.64e15;
    for (const [from, to] of [
      [max - 10 * DAY_MS, max],
      [-max, -max + 10 * DAY_MS],
      [max - 8 * DAY_MS, max - 6 * DAY_MS],
      [Number.NaN, 0],
      [0, Number.NaN],
      [0, Number.POSITIVE_INFINITY],
    ] as const) {
      expect(businessWindows(calendar, from, to)).toEqual(referenceWindows(calendar, from, to));
    }
    expect(addBusinessTime(calendar, 0, 30 * MINUTE_MS)).toBe(referenceAdd(calendar, 0, 30 * MINUTE_MS));
  });
});
