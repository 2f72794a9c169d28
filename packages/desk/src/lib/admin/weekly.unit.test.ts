import { describe, expect, it } from 'vitest';
import { weeklyInputOf, weeklyTextOf } from './weekly.ts';

const closed = { mon: '', tue: '', wed: '', thu: '', fri: '', sat: '', sun: '' };

describe("a calendar's weekly hours", () => {
  it('are written one day a line, split shifts separated by commas, and read back', () => {
    const weekly = {
      mon: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
      sat: [{ start: '22:00', end: '06:00' }],
    };
    const text = weeklyTextOf(weekly);
    expect(text).toEqual({ ...closed, mon: '08:00-12:00, 13:00-17:00', sat: '22:00-06:00' });
    expect(weeklyInputOf(text)).toEqual({
      weekly: { mon: weekly.mon, tue: [], wed: [], thu: [], fri: [], sat: weekly.sat, sun: [] },
    });
  });

  it('take spaces around the dash, and a window ending at its start (24 hours)', () => {
    expect(weeklyInputOf({ ...closed, sun: ' 00:00 - 00:00 ' })).toMatchObject({
      weekly: { sun: [{ start: '00:00', end: '00:00' }] },
    });
  });

  it('mark each day that is not a list of HH:MM-HH:MM windows, at most six', () => {
    expect(
      weeklyInputOf({
        ...closed,
        mon: '9-17',
        tue: '09:00-24:00',
        wed: '09:00-17:00,',
        thu: Array(7).fill('01:00-02:00').join(', '),
        fri: '09:00 17:00',
      }),
    ).toEqual({
      problems: {
        mon: 'admin.invalid.hours',
        tue: 'admin.invalid.hours',
        thu: 'admin.invalid.hours',
        fri: 'admin.invalid.hours',
      },
    });
  });
});
