import { describe, expect, it } from 'vitest';
import { HOUR_MS, type Instant, toInstant, toMillis } from '../shared/time.js';
import { isCallbackOwedNow, isOpenCallback, OPEN_CALLBACK_STATUSES } from './callbacks.js';
import { type BoardSlaFacts, isSlaAtRisk, isSlaBreachedInLastHour } from './live-board.js';

const NOW: Instant = '2026-03-02T12:00:00.000Z';
const ago = (ms: number) => toInstant(toMillis(NOW) - ms);
const ticket = (facts: Partial<BoardSlaFacts>): BoardSlaFacts => ({
  lastSlaBreachAt: null,
  slaNextBreachAt: null,
  closeReason: null,
  slaState: 'running',
  ...facts,
});

describe('isSlaBreachedInLastHour', () => {
  it('counts a breach recorded as due within the hour, its end included and its start not', () => {
    expect(isSlaBreachedInLastHour(ticket({ lastSlaBreachAt: NOW }), NOW)).toBe(true);
    expect(isSlaBreachedInLastHour(ticket({ lastSlaBreachAt: ago(HOUR_MS - 1) }), NOW)).toBe(true);
    expect(isSlaBreachedInLastHour(ticket({ lastSlaBreachAt: ago(HOUR_MS) }), NOW)).toBe(false);
    expect(isSlaBreachedInLastHour(ticket({ lastSlaBreachAt: ago(-1) }), NOW)).toBe(false);
  });

  it('counts a running clock up to an hour overdue, not yet recorded', () => {
    expect(isSlaBreachedInLastHour(ticket({ slaNextBreachAt: ago(30 * 60_000) }), NOW)).toBe(true);
    expect(isSlaBreachedInLastHour(ticket({ slaNextBreachAt: ago(2 * HOUR_MS) }), NOW)).toBe(false);
  });

  it('counts no ticket thrown away as spam or invalid', () => {
    for (const closeReason of ['spam', 'invalid'])
      expect(isSlaBreachedInLastHour(ticket({ lastSlaBreachAt: NOW, closeReason }), NOW)).toBe(false);
    expect(isSlaBreachedInLastHour(ticket({ lastSlaBreachAt: NOW, closeReason: 'manual' }), NOW)).toBe(true);
  });
});

describe('isSlaAtRisk', () => {
  it('is a warning whose clock has not reached its target yet', () => {
    expect(isSlaAtRisk(ticket({ slaState: 'warning', slaNextBreachAt: ago(-1) }), NOW)).toBe(true);
    expect(isSlaAtRisk(ticket({ slaState: 'warning' }), NOW)).toBe(true);
    expect(isSlaAtRisk(ticket({ slaState: 'warning', slaNextBreachAt: NOW }), NOW)).toBe(false);
    expect(isSlaAtRisk(ticket({ slaState: 'running', slaNextBreachAt: ago(-1) }), NOW)).toBe(false);
  });
});

describe('isCallbackOwedNow', () => {
  it('owes a call marked due, or scheduled for now or before, on a ticket not closed', () => {
    expect(isCallbackOwedNow({ status: 'due', at: ago(-HOUR_MS) }, 'in_progress', NOW)).toBe(true);
    expect(isCallbackOwedNow({ status: 'scheduled', at: NOW }, 'resolved', NOW)).toBe(true);
    expect(isCallbackOwedNow({ status: 'scheduled', at: ago(-1) }, 'new', NOW)).toBe(false);
    expect(isCallbackOwedNow({ status: 'due', at: ago(HOUR_MS) }, 'closed', NOW)).toBe(false);
    for (const status of ['completed', 'cancelled', 'missed'] as const)
      expect(isCallbackOwedNow({ status, at: ago(HOUR_MS) }, 'in_progress', NOW)).toBe(false);
  });

  it('is owed only while open (scheduled or due)', () => {
    expect(OPEN_CALLBACK_STATUSES).toEqual(['scheduled', 'due']);
    expect(isOpenCallback({ status: 'missed' })).toBe(false);
    expect(isOpenCallback({ status: 'due' })).toBe(true);
  });
});
