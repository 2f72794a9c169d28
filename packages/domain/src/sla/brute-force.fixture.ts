// Oracles and generators for the SLA property tests (test support, not a test: `*.fixture.ts` is neither run nor built).
// The oracles walk time one minute at a time, so they are slow but obviously right.
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/time.js';
import { SLA_METRICS } from '../shared/values.js';
import type { SlaClockState } from './calculator.js';
import { BusinessCalendar, businessWindows, WEEKDAYS } from './calendar.js';
import type { SlaThresholdKind } from './clock.js';
import type { SlaFact, SlaTicketStatus } from './facts.js';
import { type SlaMetricId, type SlaPolicy, type SlaPriority, targetsFor } from './policy.js';

// ---------------------------------------------------------------------------------------------
// Calendar oracle

/**
 * Whether each minute of `[fromMs, toMs)` (minute-aligned) is business time, decided from the wall
 * clock alone: a minute is business time when the highest wall-clock reading seen so far (a clock
 * turned back by DST keeps counting as the time it already showed) lies in a window of a
 * non-holiday day, the window belonging to the day it starts on.
 */
export function bruteBusinessMinutes(calendar: BusinessCalendar, fromMs: number, toMs: number): boolean[] {
  const minutes = (toMs - fromMs) / MINUTE_MS;
  if (calendar.kind === '24/7') return Array.from({ length: minutes }, () => true);
  const offsetAt = offsetsOf(calendar.timeZone);
  const holidays = new Set(calendar.holidays);
  const inWindow = (wall: number) => {
    const today = Math.floor(wall / DAY_MS);
    return [today - 1, today].some((day) => {
      if (holidays.has(new Date(day * DAY_MS).toISOString().slice(0, 10))) return false;
      // Epoch day 0 was a Thursday.
      const weekday = WEEKDAYS[(day + 3) % 7]!;
      return calendar.weekly[weekday].some(({ start, end }) => {
        const open = day * DAY_MS + clockMs(start);
        const close = (end <= start ? day + 1 : day) * DAY_MS + clockMs(end);
        return open <= wall && wall < close;
      });
    });
  };
  const result: boolean[] = [];
  // Clocks never turn back by more than a couple of hours, so a short warm-up finds the highest reading.
  let highest = Number.NEGATIVE_INFINITY;
  for (let m = fromMs - 3 * HOUR_MS; m < toMs; m += MINUTE_MS) {
    highest = Math.max(highest, m + offsetAt(m) * MINUTE_MS);
    if (m >= fromMs) result.push(inWindow(highest));
  }
  return result;
}

const offsetCache = new Map<string, Map<number, number>>();

/** The zone's UTC offset (minutes) at an instant, remembered across runs: random ranges overlap a lot. */
function offsetsOf(timeZone: string): (ms: number) => number {
  const zone = IANAZone.create(timeZone);
  const cache = offsetCache.get(timeZone) ?? new Map<number, number>();
  offsetCache.set(timeZone, cache);
  return (ms) => {
    let offset = cache.get(ms);
    if (offset === undefined) {
      offset = zone.offset(ms);
      cache.set(ms, offset);
    }
    return offset;
  };
}

function clockMs(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * HOUR_MS + minutes * MINUTE_MS;
}

// ---------------------------------------------------------------------------------------------
// Calculator oracle

interface BruteClock {
  cycle: number;
  open: boolean;
  elapsed: number;
  run: number;
  completedAt: number | null;
  frozen: Partial<Record<SlaThresholdKind, number>> | null;
  reached: Partial<Record<SlaThresholdKind, number>>;
  projected: Partial<Record<SlaThresholdKind, number>>;
}

/** What the oracle says about one metric; projections it could not find within its horizon are absent. */
export interface BruteMetric {
  state: SlaClockState;
  cycle: number;
  elapsed: number;
  completedAt: number | null;
  reached: Partial<Record<SlaThresholdKind, number>>;
  projected: Partial<Record<SlaThresholdKind, number>>;
}

/**
 * The SLA clocks replayed minute by minute (facts must be minute-aligned), then run on past `now`
 * until `horizonMs` to find when the running ones would warn, breach or escalate.
 * `isBusinessMinute` says whether the minute starting at an instant is business time.
 */
export function bruteSlaStatus(
  input: { policy: SlaPolicy; priority: SlaPriority; category?: string; facts: readonly SlaFact[]; now: number },
  isBusinessMinute: (minuteStart: number) => boolean,
  horizonMs: number,
): Record<SlaMetricId, BruteMetric> {
  const { policy, category, now } = input;
  const facts = input.facts.filter((f) => f.at <= now).sort((a, b) => a.at - b.at);
  const openedAt = facts.find((f) => f.kind === 'opened')?.at;
  if (openedAt === undefined) throw new Error('the oracle needs an opened ticket');
  const thresholds = (priority: SlaPriority, metric: SlaMetricId) => {
    const target = targetsFor(policy, priority, category)[metric];
    const escalation = policy.escalationThresholdMinutes;
    return {
      warning: Math.floor(target * policy.warnAtFraction),
      breach: target,
      ...(metric === 'resolution' && escalation !== undefined ? { escalation: escalation * MINUTE_MS } : {}),
    };
  };
  const newClock = (): BruteClock => ({
    cycle: 0,
    open: false,
    elapsed: 0,
    run: 0,
    completedAt: null,
    frozen: null,
    reached: {},
    projected: {},
  });
  const clocks: Record<SlaMetricId, BruteClock> = {
    first_response: newClock(),
    next_response: newClock(),
    resolution: newClock(),
  };
  let status: SlaTicketStatus = 'new';
  let priority = input.priority;
  let owed: SlaMetricId[] = [];
  const current = (metric: SlaMetricId) => clocks[metric].frozen ?? thresholds(priority, metric);
  const start = (clock: BruteClock) =>
    Object.assign(clock, {
      cycle: clock.cycle + 1,
      open: true,
      elapsed: 0,
      run: 0,
      completedAt: null,
      frozen: null,
      reached: {},
    });
  const complete = (metric: SlaMetricId, at: number) => {
    const clock = clocks[metric];
    if (clock.open) Object.assign(clock, { open: false, completedAt: at, frozen: thresholds(priority, metric) });
  };
  const counting = () => status === 'new' || status === 'in_progress';

  start(clocks.first_response);
  start(clocks.resolution);
  const pending = facts.filter((f) => f.at > openedAt || (f.at === openedAt && f.kind !== 'opened'));
  for (let m = openedAt; m < horizonMs; m += MINUTE_MS) {
    while (m <= now && pending[0] && pending[0].at === m) {
      const fact = pending.shift()!;
      switch (fact.kind) {
        case 'agent_replied':
          complete('first_response', m);
          complete('next_response', m);
          break;
        case 'customer_messaged':
          // A closed ticket that stays closed (a spam close) starts no clock.
          if (status !== 'closed' && !clocks.first_response.open && !clocks.next_response.open && owed.length === 0)
            start(clocks.next_response);
          break;
        case 'priority_changed':
          priority = fact.priority;
          break;
        case 'status_changed': {
          const wasTerminal = status === 'resolved' || status === 'closed';
          status = fact.to;
          if (status === 'resolved' || status === 'closed') {
            // A close owes the customer the answers it completed unanswered, until reopened.
            if (!wasTerminal) owed = (['first_response', 'next_response'] as const).filter((x) => clocks[x].open);
            for (const metric of SLA_METRICS) complete(metric, m);
          } else if (wasTerminal) {
            for (const metric of ['resolution', ...owed] as const) {
              const clock = clocks[metric];
              if (clock.cycle > 0 && !clock.open) Object.assign(clock, { open: true, completedAt: null, frozen: null });
            }
            owed = [];
          }
          break;
        }
        case 'opened':
          break;
      }
      for (const metric of SLA_METRICS) {
        const clock = clocks[metric];
        if (!clock.open) continue;
        for (const [kind, value] of Object.entries(current(metric)) as Array<[SlaThresholdKind, number]>) {
          if (clock.reached[kind] === undefined && clock.elapsed >= value) clock.reached[kind] = m;
        }
      }
    }
    if (!counting() || !isBusinessMinute(m)) continue;
    for (const metric of SLA_METRICS) {
      const clock = clocks[metric];
      if (!clock.open) continue;
      // Past `now` the clock only runs in imagination, to find its projected instants.
      const before = clock.run;
      clock.run += MINUTE_MS;
      if (m < now) clock.elapsed = clock.run;
      const record = m < now ? clock.reached : clock.projected;
      for (const [kind, value] of Object.entries(current(metric)) as Array<[SlaThresholdKind, number]>) {
        const seen = clock.reached[kind] ?? clock.projected[kind];
        if (seen === undefined && before < value && value <= clock.run) record[kind] = m + (value - before);
      }
    }
  }
  const result = {} as Record<SlaMetricId, BruteMetric>;
  for (const metric of SLA_METRICS) {
    const clock = clocks[metric];
    const state: SlaClockState =
      clock.cycle === 0
        ? 'not_started'
        : clock.reached.breach !== undefined
          ? 'breached'
          : !clock.open
            ? 'met'
            : counting()
              ? 'running'
              : 'paused';
    result[metric] = {
      state,
      cycle: clock.cycle,
      elapsed: clock.elapsed,
      completedAt: clock.completedAt,
      reached: clock.reached,
      projected: clock.projected,
    };
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Generators

/**
 * Zones with and without DST (including a 30-minute DST in Lord Howe and jumps at midnight in
 * Santiago), each with instants near which random ranges are drawn: its 2024 DST transitions, so
 * that ranges often contain one.
 */
const ZONE_ANCHORS: Readonly<Record<string, readonly string[]>> = {
  UTC: ['2024-03-10T07:00:00Z', '2024-10-27T01:00:00Z'],
  'Asia/Dubai': ['2024-03-31T01:00:00Z', '2024-11-03T06:00:00Z'],
  'Europe/Paris': ['2024-03-31T01:00:00Z', '2024-10-27T01:00:00Z'],
  'America/New_York': ['2024-03-10T07:00:00Z', '2024-11-03T06:00:00Z'],
  'Australia/Lord_Howe': ['2024-04-06T15:00:00Z', '2024-10-05T15:30:00Z'],
  'America/Santiago': ['2024-04-07T03:00:00Z', '2024-09-08T04:00:00Z'],
};

const two = (n: number) => String(n).padStart(2, '0');

/** A local time, often in the hours around midnight and 02:00 where DST jumps happen. */
const localTimeArb = fc
  .oneof(
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })),
    fc.tuple(fc.constantFrom(23, 0, 1, 2, 3), fc.constantFrom(0, 15, 30, 45, 59)),
  )
  .map(([h, m]) => `${two(h)}:${two(m)}`);

const windowArb = fc.record({ start: localTimeArb, end: localTimeArb });

/** A weekly calendar in `timeZone` with random windows (some past midnight) and holidays near its anchors. */
function weeklyCalendarArb(timeZone: string): fc.Arbitrary<BusinessCalendar> {
  const day = fc.array(windowArb, { maxLength: 3 });
  return fc
    .record({
      weekly: fc.record({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }),
      holidays: fc.uniqueArray(fc.integer({ min: -5, max: 3 }), { maxLength: 4 }),
      anchor: fc.constantFrom(...ZONE_ANCHORS[timeZone]!.map(Date.parse)),
      fallback: windowArb,
    })
    .map(({ weekly, holidays, anchor, fallback }) =>
      BusinessCalendar.parse({
        kind: 'weekly',
        timeZone,
        weekly: WEEKDAYS.some((d) => weekly[d].length > 0) ? weekly : { ...weekly, wed: [fallback] },
        holidays: holidays.map((offset) => new Date(anchor + offset * DAY_MS).toISOString().slice(0, 10)),
      }),
    );
}

/** A calendar (mostly weekly, sometimes 24/7) and one of the DST transitions of its zone. */
export const calendarAndAnchorArb: fc.Arbitrary<{ calendar: BusinessCalendar; anchor: number }> = fc
  .constantFrom(...Object.keys(ZONE_ANCHORS))
  .chain((zone) =>
    fc.record({
      calendar: fc.oneof(
        { arbitrary: weeklyCalendarArb(zone), weight: 6 },
        { arbitrary: fc.constant<BusinessCalendar>({ kind: '24/7' }), weight: 1 },
      ),
      anchor: fc.constantFrom(...ZONE_ANCHORS[zone]!.map(Date.parse)),
    }),
  );

/** A calendar and a minute-aligned instant from 4 days before to 1 day after a DST transition of its zone. */
export const calendarAndInstantArb: fc.Arbitrary<{ calendar: BusinessCalendar; at: number }> = fc
  .tuple(calendarAndAnchorArb, fc.integer({ min: -4 * 24 * 60, max: 24 * 60 }))
  .map(([{ calendar, anchor }, minutes]) => ({ calendar, at: anchor + minutes * MINUTE_MS }));

/** A predicate "is the minute starting here business time" over `[fromMs, toMs)`, from the calendar. */
export function businessMinutePredicate(calendar: BusinessCalendar, fromMs: number, toMs: number) {
  const windows = businessWindows(calendar, fromMs, toMs);
  return (minuteStart: number) => windows.some((w) => w.start <= minuteStart && minuteStart < w.end);
}
