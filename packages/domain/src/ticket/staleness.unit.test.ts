import { describe, expect, it } from 'vitest';
import { isStale, staleBounds } from './staleness.js';

const NOW = '2026-11-27T12:00:00.000Z';

describe('staleness (the guide: in progress > 24 h, waiting > 3 days)', () => {
  it('marks a ticket in progress for more than 24 hours stale, not one for exactly 24 hours', () => {
    expect(isStale({ status: 'in_progress', statusSince: '2026-11-26T11:59:59.999Z' }, NOW)).toBe(true);
    expect(isStale({ status: 'in_progress', statusSince: '2026-11-26T12:00:00.000Z' }, NOW)).toBe(false);
  });

  it('marks a ticket waiting for the customer for more than 3 days stale', () => {
    expect(isStale({ status: 'waiting_customer', statusSince: '2026-11-24T11:59:59.999Z' }, NOW)).toBe(true);
    expect(isStale({ status: 'waiting_customer', statusSince: '2026-11-25T12:00:00.000Z' }, NOW)).toBe(false);
  });

  it('never marks new, resolved or closed tickets stale', () => {
    for (const status of ['new', 'resolved', 'closed'] as const)
      expect(isStale({ status, statusSince: '2020-01-01T00:00:00.000Z' }, NOW)).toBe(false);
  });

  it('gives the bounds a list filters on, agreeing with isStale', () => {
    expect(staleBounds(NOW)).toEqual([
      { status: 'in_progress', since: '2026-11-26T12:00:00.000Z' },
      { status: 'waiting_customer', since: '2026-11-24T12:00:00.000Z' },
    ]);
  });
});
