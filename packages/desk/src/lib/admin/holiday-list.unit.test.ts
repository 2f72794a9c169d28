import { describe, expect, it } from 'vitest';
import { isICalendar, parseHolidayList } from './holiday-list.ts';

describe('a list of holidays', () => {
  it('reads a CSV file by its first column, its header and blank lines skipped', () => {
    const csv = 'date,name\r\n2026-12-25,Christmas\r\n\r\n"2026-01-01","New Year"\r\n2026-05-01;Labour Day\r\n';
    expect(parseHolidayList(csv)).toEqual({ dates: ['2026-01-01', '2026-05-01', '2026-12-25'], refused: [] });
  });

  it('reads dates typed one a line, each once', () => {
    expect(parseHolidayList('2026-07-14\n2026-07-14\n2026-11-11')).toEqual({
      dates: ['2026-07-14', '2026-11-11'],
      refused: [],
    });
  });

  it('refuses, by line, what is not a real date and keeps the rest', () => {
    const text = '2026-12-25\n25/12/2026,Christmas\n2026-02-29\n2028-02-29\nsoon\n2026-04-31';
    expect(parseHolidayList(text)).toEqual({
      dates: ['2026-12-25', '2028-02-29'],
      refused: [
        { line: 2, text: '25/12/2026,Christmas' },
        { line: 3, text: '2026-02-29' },
        { line: 5, text: 'soon' },
        { line: 6, text: '2026-04-31' },
      ],
    });
  });

  it('tells an iCalendar file, which the engine reads, from a list', () => {
    expect(isICalendar('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(isICalendar('2026-12-25,Christmas')).toBe(false);
  });
});
