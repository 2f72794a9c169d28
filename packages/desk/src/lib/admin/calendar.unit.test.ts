import { describe, expect, it } from 'vitest';
import { calendarDraftOf, calendarInputOf, newCalendarDraft, withHoliday } from './calendar.ts';

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
        weekly: { mon: [{ start: '09:00', end: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
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

  it('asks for a name and, for weekly hours, a time zone and readable hours', () => {
    const draft = calendarDraftOf(WEEKLY);
    draft.name = '';
    draft.timeZone = ' ';
    draft.hours.tue = '9 to 5';
    expect(calendarInputOf(draft)).toEqual({
      problems: { name: 'admin.invalid.required', timeZone: 'admin.invalid.required', tue: 'admin.invalid.hours' },
    });
  });

  it('gives the hours typed for each day, a new calendar open on weekdays', () => {
    const draft = newCalendarDraft();
    draft.name = 'Support desk';
    draft.timeZone = 'Europe/Paris';
    draft.hours.mon = '08:00-12:00, 13:00-17:00';
    draft.hours.fri = '';
    draft.holidays = withHoliday(draft.holidays, '2026-12-25', '2026-01-01');
    const day = [{ start: '09:00', end: '17:00' }];
    expect(calendarInputOf(draft)).toEqual({
      input: {
        name: 'Support desk',
        timeZone: 'Europe/Paris',
        weekly: {
          mon: [
            { start: '08:00', end: '12:00' },
            { start: '13:00', end: '17:00' },
          ],
          tue: day,
          wed: day,
          thu: day,
          fri: [],
          sat: [],
          sun: [],
        },
        holidays: ['2026-01-01', '2026-12-25'],
      },
    });
  });
});
