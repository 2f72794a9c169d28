import { describe, expect, it } from 'vitest';
import { zonedToInstant } from './zoned';

describe('a wall-clock time in a zone', () => {
  it('names the instant of that zone’s clock, in winter and in summer', () => {
    expect(zonedToInstant('2026-01-15T09:30', 'Europe/Paris')).toBe('2026-01-15T08:30:00.000Z');
    expect(zonedToInstant('2026-07-15T09:30', 'Europe/Paris')).toBe('2026-07-15T07:30:00.000Z');
    expect(zonedToInstant('2026-07-15T09:30', 'America/New_York')).toBe('2026-07-15T13:30:00.000Z');
    expect(zonedToInstant('2026-07-15T09:30', 'UTC')).toBe('2026-07-15T09:30:00.000Z');
  });

  it('refuses a malformed time and an unknown zone', () => {
    expect(zonedToInstant('15/07/2026 09:30', 'UTC')).toBeNull();
    expect(zonedToInstant('2026-07-15T09:30', 'Mars/Olympus')).toBeNull();
  });
});
