import { describe, expect, it } from 'vitest';
import type { DomainError } from '../shared/errors.js';
import type { SlaConfigCommand } from './commands.js';
import { holidaysFromICalendar } from './ical.js';
import { ALWAYS, BASE, configured, decide, OFFICE, officeHours, refusal } from './sla-config.fixture.js';

const COVERAGE = { from: '2025-01-01', to: '2027-12-31' };

/** A calendar file of the given events, lines joined with CRLF as RFC 5545 asks. */
const ics = (...events: string[][]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    ...events.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']),
    'END:VCALENDAR',
  ].join('\r\n');

const failure = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('holidaysFromICalendar', () => {
  it('reads an all-day event (DTSTART;VALUE=DATE) as one holiday', () => {
    const file = ics(['SUMMARY:New Year', 'DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20260102']);
    expect(holidaysFromICalendar(file, COVERAGE)).toEqual(['2026-01-01']);
  });

  it('reads a multi-day event up to the day before its exclusive DTEND', () => {
    const file = ics(['DTSTART;VALUE=DATE:20251224', 'DTEND;VALUE=DATE:20251227']);
    expect(holidaysFromICalendar(file, COVERAGE)).toEqual(['2025-12-24', '2025-12-25', '2025-12-26']);
  });

  it('unfolds folded lines (a line break followed by a space or a tab)', () => {
    const file = ics(['SUMMARY:A very long', '  holiday name', 'DTSTART;VALUE=DA', '\tTE:20250501']);
    expect(holidaysFromICalendar(file, COVERAGE)).toEqual(['2025-05-01']);
  });

  it('accepts LF line ends as well as CRLF', () => {
    const file = ics(['DTSTART;VALUE=DATE:20250501']).replaceAll('\r\n', '\n');
    expect(holidaysFromICalendar(file, COVERAGE)).toEqual(['2025-05-01']);
  });

  it('marks the start date of a timed event, whatever its times', () => {
    const file = ics(
      ['DTSTART:20250704T090000Z', 'DTEND:20250704T170000Z'],
      ['DTSTART;TZID=Europe/Berlin:20250815T100000'],
    );
    expect(holidaysFromICalendar(file, COVERAGE)).toEqual(['2025-07-04', '2025-08-15']);
  });

  it("reads a timed event's date in the calendar's zone when its time is UTC or zoned, as written when floating", () => {
    // 23:00 UTC on 10 March is 03:00 on 11 March in Dubai; 23:00 in New York on 10 March is 08:00 on 11 March there.
    const file = ics(
      ['DTSTART:20270310T230000Z', 'DTEND:20270311T010000Z'],
      ['DTSTART;TZID=America/New_York:20270410T230000'],
      ['DTSTART:20270510T230000'],
    );
    const range = { from: '2027-01-01', to: '2027-12-31' };
    expect(holidaysFromICalendar(file, range, 'Asia/Dubai')).toEqual(['2027-03-11', '2027-04-11', '2027-05-10']);
    expect(holidaysFromICalendar(file, range, 'America/New_York')).toEqual(['2027-03-10', '2027-04-10', '2027-05-10']);
  });

  it('marks every day of a closure longer than a year, within the coverage', () => {
    const file = ics(['DTSTART;VALUE=DATE:20250101', 'DTEND;VALUE=DATE:20260701']);
    const dates = holidaysFromICalendar(file, { from: '2024-06-01', to: '2027-12-31' });
    expect([dates.length, dates[0], dates.at(-1)]).toEqual([546, '2025-01-01', '2026-06-30']);
    // An event running past the coverage marks its days up to the coverage's end, and no further.
    const endless = ics(['DTSTART;VALUE=DATE:20270601', 'DTEND;VALUE=DATE:99991231']);
    expect(holidaysFromICalendar(endless, COVERAGE)).toHaveLength(214);
  });

  it('repeats a yearly event within the coverage, up to COUNT or UNTIL', () => {
    const forever = ics(['DTSTART;VALUE=DATE:20201225', 'RRULE:FREQ=YEARLY']);
    expect(holidaysFromICalendar(forever, COVERAGE)).toEqual(['2025-12-25', '2026-12-25', '2027-12-25']);
    const counted = ics(['DTSTART;VALUE=DATE:20250501', 'RRULE:FREQ=YEARLY;COUNT=2']);
    expect(holidaysFromICalendar(counted, COVERAGE)).toEqual(['2025-05-01', '2026-05-01']);
    const until = ics(['DTSTART;VALUE=DATE:20250101', 'RRULE:FREQ=YEARLY;UNTIL=20260101']);
    expect(holidaysFromICalendar(until, COVERAGE)).toEqual(['2025-01-01', '2026-01-01']);
    const twoDays = ics(['DTSTART;VALUE=DATE:20251231', 'DTEND;VALUE=DATE:20260102', 'RRULE:FREQ=YEARLY;COUNT=2']);
    expect(holidaysFromICalendar(twoDays, COVERAGE)).toEqual(['2025-12-31', '2026-01-01', '2026-12-31', '2027-01-01']);
  });

  it('repeats a 29 February only in leap years, as RFC 5545 skips dates that do not exist', () => {
    const leap = ics(['DTSTART;VALUE=DATE:20240229', 'RRULE:FREQ=YEARLY']);
    expect(holidaysFromICalendar(leap, { from: '2024-01-01', to: '2028-12-31' })).toEqual(['2024-02-29', '2028-02-29']);
    // COUNT counts the dates that exist: three 29 Februaries, not the three years from 2024.
    const three = ics(['DTSTART;VALUE=DATE:20240229', 'RRULE:FREQ=YEARLY;COUNT=3']);
    expect(holidaysFromICalendar(three, { from: '2024-01-01', to: '2040-12-31' })).toEqual([
      '2024-02-29',
      '2028-02-29',
      '2032-02-29',
    ]);
  });

  it('leaves out dates outside the coverage', () => {
    const file = ics(['DTSTART;VALUE=DATE:20241231', 'DTEND;VALUE=DATE:20250102'], ['DTSTART;VALUE=DATE:20300101']);
    expect(holidaysFromICalendar(file, COVERAGE)).toEqual(['2025-01-01']);
  });

  it.each([
    ['no calendar', 'BEGIN:VEVENT\r\nDTSTART:20250101\r\nEND:VEVENT'],
    ['an event without DTSTART', ics(['SUMMARY:Nothing'])],
    ['an unreadable DTSTART', ics(['DTSTART:tomorrow'])],
    ['a repetition other than yearly', ics(['DTSTART;VALUE=DATE:20250101', 'RRULE:FREQ=WEEKLY'])],
    ['an event ending before it starts', ics(['DTSTART;VALUE=DATE:20250801', 'DTEND;VALUE=DATE:20250710'])],
  ])('refuses %s with ICAL_INVALID', (_, file) => {
    expect(failure(() => holidaysFromICalendar(file, COVERAGE)).code).toBe('ICAL_INVALID');
  });
});

describe('ImportSlaCalendarHolidays', () => {
  const withHoliday = configured(
    [
      {
        type: 'UpdateSlaCalendar',
        data: {
          calendarId: 'office',
          definition: { ...OFFICE, calendar: officeHours('Europe/Berlin', ['2025-10-03']) },
        },
      },
    ],
    BASE,
  );
  const file = ics(['DTSTART;VALUE=DATE:20251225', 'DTEND;VALUE=DATE:20251227']);
  const importing = (replace: boolean): SlaConfigCommand => ({
    type: 'ImportSlaCalendarHolidays',
    data: { calendarId: 'office', ics: file, replace },
  });

  it('merges the imported dates into the holidays by default', () => {
    expect(decide(withHoliday, importing(false))).toMatchObject([
      {
        type: 'SlaCalendarSaved',
        data: {
          calendarId: 'office',
          source: 'ical',
          definition: { calendar: { holidays: ['2025-10-03', '2025-12-25', '2025-12-26'] } },
        },
      },
    ]);
  });

  it('replaces the holidays when asked', () => {
    expect(decide(withHoliday, importing(true))).toMatchObject([
      { data: { definition: { calendar: { holidays: ['2025-12-25', '2025-12-26'] } } } },
    ]);
  });

  it('decides nothing when the holidays are already there', () => {
    const imported = configured([importing(false)], withHoliday);
    expect(decide(imported, importing(false))).toEqual([]);
  });

  it('refuses a 24/7 calendar, which has no holidays', () => {
    const always = configured([{ type: 'CreateSlaCalendar', data: { calendarId: 'all', definition: ALWAYS } }], BASE);
    refusal(always, { type: 'ImportSlaCalendarHolidays', data: { calendarId: 'all', ics: file } }, 'VALIDATION_FAILED');
  });
});
