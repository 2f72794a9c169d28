import { describe, expect, it } from 'vitest';
import { dayOf, daysPeriod, presetPeriod } from './period.ts';

describe('report periods', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('end a preset now, by the hour up to two days and by the day beyond', () => {
    expect(presetPeriod('last24h', now)).toEqual({
      from: '2026-03-09T12:00:00.000Z',
      to: '2026-03-10T12:00:00.000Z',
      interval: 'hour',
    });
    expect(presetPeriod('last7d', now)).toEqual({
      from: '2026-03-03T12:00:00.000Z',
      to: '2026-03-10T12:00:00.000Z',
      interval: 'day',
    });
  });

  it('count a preset of days in local calendar days, across a change to summer time too', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Paris';
    try {
      // Paris moved to summer time on 29 March 2026: the week before 2 April at 14:00 is 167 hours.
      const period = presetPeriod('last7d', new Date('2026-04-02T12:00:00Z'));
      expect(period.from).toBe('2026-03-26T13:00:00.000Z');
      expect(Date.parse(period.to) - Date.parse(period.from)).toBe(167 * 3_600_000);
      // The last 24 hours stay 24 hours.
      const day = presetPeriod('last24h', new Date('2026-03-29T12:00:00Z'));
      expect(Date.parse(day.to) - Date.parse(day.from)).toBe(24 * 3_600_000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('take chosen days whole, the last one included', () => {
    const period = daysPeriod('2026-01-05', '2026-01-06');
    expect(period).not.toBeNull();
    expect(Date.parse(period!.to) - Date.parse(period!.from)).toBe(2 * 86_400_000);
    expect(dayOf(new Date(period!.from))).toBe('2026-01-05');
    expect(period!.interval).toBe('hour');
    expect(daysPeriod('2026-01-01', '2026-01-31')!.interval).toBe('day');
  });

  it('refuse what is not a date', () => {
    expect(daysPeriod('', '2026-01-06')).toBeNull();
    expect(daysPeriod('2026-01-05', 'tomorrow')).toBeNull();
  });
});
