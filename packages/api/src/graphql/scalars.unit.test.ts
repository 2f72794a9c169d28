import { describe, expect, it } from 'vitest';
import { DateTimeScalar } from './scalars.js';

const parse = (value: string) => {
  try {
    return DateTimeScalar.parseValue(value)?.toISOString();
  } catch {
    return 'refused';
  }
};

describe('DateTime', () => {
  it('reads instants with a time zone, to the same moment', () => {
    expect(parse('2026-02-28T23:59:59Z')).toBe('2026-02-28T23:59:59.000Z');
    expect(parse('2024-02-29T10:00:00.5+02:00')).toBe('2024-02-29T08:00:00.500Z');
    expect(parse('2026-12-31T00:00Z')).toBe('2026-12-31T00:00:00.000Z');
  });

  it('refuses a moment the calendar does not have, rather than answering about another one', () => {
    for (const impossible of [
      '2026-11-31T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-01-00T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60:00Z',
      '2026-01-01T10:00:60Z',
      '2026-01-01T10:00:00+24:00',
    ])
      expect(parse(impossible), impossible).toBe('refused');
  });

  it('refuses an instant without a time zone', () => {
    expect(parse('2026-01-01T10:00:00')).toBe('refused');
    expect(parse('2026-01-01')).toBe('refused');
  });
});
