import { describe, expect, it } from 'vitest';
import { calendarDraftOf, calendarInputOf, withHoliday } from './calendar.ts';

const WEEKLY = {
  name: 'Business hours',
  calendar: {
    kind: 'weekly',
    timeZone: 'Europe/Paris',
    weekly: { mon: [{ start: '09:00', end: '17:00' }] },
    holidays: ['2026-12-25', '2026-01-01'],
  },
  coverage: { from: '2026-01-01', to: '2027-12-31' },
};

describe("the calendar's form", () => {
  it('gives back a weekly calendar as the API takes it, its hours and coverage kept', () => {
    const draft = calendarDraftOf(WEEKLY);
    draft.holidays = withHoliday(draft.holidays, '2026-05-01');
    expect(calendarInputOf(draft)).toEqual({
      input: {
        name: 'Business hours',
        timeZone: 'Europe/Paris',
        weekly: { mon: [{ start: '09:00', end: '17:00' }] },
        holidays: ['2026-01-01', '2026-05-01', '2026-12-25'],
        coverage: { from: '2026-01-01', to: '2027-12-31' },
      },
    });
  });

  it('gives an always-open calendar no zone or holidays', () => {
    expect(calendarInputOf(calendarDraftOf({ name: '24/7', calendar: { kind: '24/7' } }))).toEqual({
      input: { name: '24/7', alwaysOpen: true },
    });
  });

  it('asks for a name and, for weekly hours, a time zone', () => {
    const draft = calendarDraftOf(WEEKLY);
    draft.name = '';
    draft.timeZone = ' ';
    expect(calendarInputOf(draft)).toEqual({
      problems: { name: 'admin.invalid.required', timeZone: 'admin.invalid.required' },
    });
  });
});
