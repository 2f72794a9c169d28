import { describe, expect, it } from 'vitest';
import { formatAverage, formatCount, formatDuration, formatRate } from './format.ts';

describe("the supervisors' figures", () => {
  it('are written in the user’s language', () => {
    expect(formatCount('en', 1234)).toBe('1,234');
    expect(formatCount('fr', 1234)).toBe('1\u202f234');
    expect(formatRate('en', 0.875)).toBe('87.5%');
    expect(formatRate('fr', 0.5)).toBe('50\u00a0%');
    expect(formatAverage('fr', 4.25)).toBe('4,25');
  });

  it('give a duration in its largest whole unit', () => {
    expect(formatDuration('en', 90 * 60_000)).toBe('1.5 hours');
    expect(formatDuration('en', 12 * 60_000)).toBe('12 minutes');
    expect(formatDuration('fr', 2 * 86_400_000)).toBe('2\u00a0jours');
    expect(formatDuration('en', 500)).toBe('0.5 seconds');
  });

  it('show a dash for a figure without data', () => {
    expect(formatRate('en', null)).toBe('—');
    expect(formatAverage('en', undefined)).toBe('—');
    expect(formatDuration('en', null)).toBe('—');
  });
});
