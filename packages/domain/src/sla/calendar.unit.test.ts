import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/errors.js';
import { HOUR_MS, MINUTE_MS } from '../shared/time.js';
import {
  ALWAYS_OPEN,
  addBusinessTime,
  BusinessCalendar,
  businessTimeBetween,
  businessWindows,
  DUBAI_BUSINESS_HOURS,
  type WeeklyCalendar,
} from './calendar.js';

/** Epoch ms of a local wall time (`2024-06-07T16:00`) in `zone`. */
const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const iso = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });

const weekdaysNineToFive = (timeZone: string, holidays: string[] = []) =>
  BusinessCalendar.parse({
    kind: 'weekly',
    timeZone,
    weekly: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '09:00', end: '17:00' }]]),
    ),
    holidays,
  });

/** A calendar open only on `day`, during `start`-`end`. */
const oneWindow = (timeZone: string, day: string, start: string, end: string, holidays: string[] = []) =>
  BusinessCalendar.parse({ kind: 'weekly', timeZone, weekly: { [day]: [{ start, end }] }, holidays });

describe('business calendars', () => {
  const paris = 'Europe/Paris';

  it('refuses a duration its calendar would take more than twenty years to count, quickly', () => {
    const minuteAWeek = oneWindow('UTC', 'mon', '09:00', '09:01');
    const from = local('2026-11-27T00:00', 'UTC');
    // A minute a week: 52 minutes take a year.
    expect(iso(addBusinessTime(minuteAWeek, from, 52 * MINUTE_MS), 'UTC')).toBe('2027-11-22T09:01:00Z');
    let thrown: unknown;
    try {
      addBusinessTime(minuteAWeek, from, 365 * 24 * HOUR_MS);
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown) && thrown.code).toBe('SLA_TARGET_INVALID');
  });

  it('skips the weekend', () => {
    const calendar = weekdaysNineToFive(paris);
    const fridayFour = local('2024-06-07T16:00', paris);
    expect(iso(addBusinessTime(calendar, fridayFour, 2 * HOUR_MS), paris)).toBe('2024-06-10T10:00:00+02:00');
    expect(businessTimeBetween(calendar, fridayFour, local('2024-06-10T10:00', paris))).toBe(2 * HOUR_MS);
  });

  it('skips a holiday', () => {
    const calendar = weekdaysNineToFive(paris, ['2024-12-25']);
    const tuesdayFour = local('2024-12-24T16:00', paris);
    expect(iso(addBusinessTime(calendar, tuesdayFour, 2 * HOUR_MS), paris)).toBe('2024-12-26T10:00:00+01:00');
  });

  it('counts several windows a day, and a duration ending at closing time ends there', () => {
    const calendar = BusinessCalendar.parse({
      kind: 'weekly',
      timeZone: paris,
      weekly: {
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
    });
    const mondayEleven = local('2024-06-10T11:00', paris);
    expect(iso(addBusinessTime(calendar, mondayEleven, 2 * HOUR_MS), paris)).toBe('2024-06-10T14:00:00+02:00');
    expect(iso(addBusinessTime(calendar, mondayEleven, HOUR_MS), paris)).toBe('2024-06-10T12:00:00+02:00');
  });

  it('runs a window past midnight, and a window belongs to the day it starts on', () => {
    const fridayNight = (holidays: string[]) => oneWindow('UTC', 'fri', '22:00', '06:00', holidays);
    const from = Date.parse('2024-06-07T20:00:00Z');
    const to = Date.parse('2024-06-08T12:00:00Z');
    const window = [{ start: Date.parse('2024-06-07T22:00:00Z'), end: Date.parse('2024-06-08T06:00:00Z') }];
    expect(businessWindows(fridayNight([]), from, to)).toEqual(window);
    // A holiday on Saturday leaves Friday's night shift alone; a holiday on Friday cancels all of it.
    expect(businessWindows(fridayNight(['2024-06-08']), from, to)).toEqual(window);
    expect(businessWindows(fridayNight(['2024-06-07']), from, to)).toEqual([]);
  });

  it('merges overlapping windows', () => {
    const calendar = BusinessCalendar.parse({
      kind: 'weekly',
      timeZone: 'UTC',
      weekly: { sun: [{ start: '20:00', end: '02:00' }], mon: [{ start: '00:00', end: '08:00' }] },
    });
    expect(businessWindows(calendar, Date.parse('2024-06-09T00:00:00Z'), Date.parse('2024-06-11T00:00:00Z'))).toEqual([
      { start: Date.parse('2024-06-09T20:00:00Z'), end: Date.parse('2024-06-10T08:00:00Z') },
    ]);
  });

  describe('follows the wall clock across DST', () => {
    const day = (zone: string, date: string) => [local(`${date}T00:00`, zone), local(`${date}T23:00`, zone)] as const;

    it.each([
      ['America/New_York', '2024-03-10', '01:00', '03:00', 1],
      ['America/New_York', '2024-11-03', '01:00', '03:00', 3],
      ['Europe/Paris', '2024-03-31', '01:00', '04:00', 2],
      ['Europe/Paris', '2024-10-27', '01:00', '04:00', 4],
      // Half-hour DST; Santiago skips the midnight hour itself.
      ['Australia/Lord_Howe', '2024-10-06', '01:00', '03:00', 1.5],
      ['America/Santiago', '2024-09-08', '00:00', '02:00', 1],
    ])('%s on %s: %s-%s lasts %d h', (zone, date, start, end, hours) => {
      const calendar = oneWindow(zone, 'sun', start, end);
      expect(businessTimeBetween(calendar, ...day(zone, date))).toBe(hours * HOUR_MS);
    });

    it('opens a window whose start time is skipped when the clock jumps', () => {
      const zone = 'America/New_York';
      const [windowOfDay] = businessWindows(oneWindow(zone, 'sun', '02:30', '04:00'), ...day(zone, '2024-03-10'));
      expect(iso(windowOfDay!.start, zone)).toBe('2024-03-10T03:00:00-04:00');
      expect(iso(windowOfDay!.end, zone)).toBe('2024-03-10T04:00:00-04:00');
    });

    it('opens at the first occurrence of a repeated time', () => {
      const zone = 'America/New_York';
      const [windowOfDay] = businessWindows(oneWindow(zone, 'sun', '01:30', '01:45'), ...day(zone, '2024-11-03'));
      expect(iso(windowOfDay!.start, zone)).toBe('2024-11-03T01:30:00-04:00');
      expect(windowOfDay!.end - windowOfDay!.start).toBe(15 * MINUTE_MS);
    });
  });

  it('ships the documented Dubai hours: weekdays 08:00-20:00, weekends 10:00-18:00', () => {
    const dubai = 'Asia/Dubai';
    const fridaySeven = local('2024-06-07T19:00', dubai);
    expect(iso(addBusinessTime(DUBAI_BUSINESS_HOURS, fridaySeven, 2 * HOUR_MS), dubai)).toBe(
      '2024-06-08T11:00:00+04:00',
    );
    const aWeek = businessTimeBetween(
      DUBAI_BUSINESS_HOURS,
      local('2024-06-10T00:00', dubai),
      local('2024-06-17T00:00', dubai),
    );
    expect(aWeek).toBe((5 * 12 + 2 * 8) * HOUR_MS);
  });

  it('counts every instant of a 24/7 calendar', () => {
    const from = Date.parse('2024-03-31T00:30:00Z');
    expect(businessTimeBetween(ALWAYS_OPEN, from, from + 5 * HOUR_MS)).toBe(5 * HOUR_MS);
    expect(addBusinessTime(ALWAYS_OPEN, from, 90 * MINUTE_MS)).toBe(from + 90 * MINUTE_MS);
  });

  it('has no business time in an empty or reversed range, and adding nothing stays put', () => {
    const from = Date.parse('2024-06-10T10:00:00Z');
    expect(businessTimeBetween(DUBAI_BUSINESS_HOURS, from, from - HOUR_MS)).toBe(0);
    expect(businessWindows(DUBAI_BUSINESS_HOURS, from, from)).toEqual([]);
    expect(addBusinessTime(DUBAI_BUSINESS_HOURS, from, 0)).toBe(from);
  });

  it.each([
    [
      'an unknown time zone',
      { kind: 'weekly', timeZone: 'Mars/Olympus', weekly: { mon: [{ start: '09:00', end: '17:00' }] } },
    ],
    ['24:00', { kind: 'weekly', timeZone: 'UTC', weekly: { mon: [{ start: '09:00', end: '24:00' }] } }],
    [
      'a date that does not exist',
      {
        kind: 'weekly',
        timeZone: 'UTC',
        weekly: { mon: [{ start: '09:00', end: '17:00' }] },
        holidays: ['2024-02-30'],
      },
    ],
    ['a week with no window', { kind: 'weekly', timeZone: 'UTC', weekly: {} }],
  ])('rejects %s', (_, input) => {
    expect(BusinessCalendar.safeParse(input).success).toBe(false);
  });
});

describe('adding business time to a calendar built without its schema', () => {
  const codeOf = (run: () => unknown) => {
    try {
      run();
      return 'no error';
    } catch (error) {
      return isDomainError(error) ? error.code : 'untyped';
    }
  };
  const weekly = (overrides: Partial<WeeklyCalendar>): WeeklyCalendar => ({
    kind: 'weekly',
    timeZone: 'Europe/Paris',
    weekly: { mon: [{ start: '09:00', end: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    holidays: [],
    ...overrides,
  });

  it('refuses, rather than searching for ever, a calendar without a window or in an unknown time zone', () => {
    const closed = weekly({ weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    expect(codeOf(() => addBusinessTime(closed, 0, HOUR_MS))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => addBusinessTime(weekly({ timeZone: 'Mars/Olympus' }), 0, HOUR_MS))).toBe('UNKNOWN_TIME_ZONE');
    const nineAm = weekly({ weekly: { ...weekly({}).weekly, mon: [{ start: '9am', end: '17:00' }] } });
    expect(codeOf(() => addBusinessTime(nineAm, 0, HOUR_MS))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => addBusinessTime(weekly({}), Number.NaN, HOUR_MS))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => addBusinessTime(weekly({}), 0, Number.POSITIVE_INFINITY))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => addBusinessTime(weekly({}), 0, HOUR_MS))).toBe('no error');
  });
});
