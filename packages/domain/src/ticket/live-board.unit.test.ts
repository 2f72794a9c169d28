import { describe, expect, it } from 'vitest';
import { HOUR_MS, type Instant, toInstant, toMillis } from '../shared/time.js';
import { isCallbackOwedNow, isOpenCallback, OPEN_CALLBACK_STATUSES } from './callbacks.js';
import { type BoardSlaFacts, isSlaAtRisk, isSlaBreachedInLastHour, queuesByCategory } from './live-board.js';

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

describe('queuesByCategory', () => {
  it('gives each category its tickets (in all and per tier) and chats, by id, the uncategorised last', () => {
    const queues = queuesByCategory(
      [
        { kind: 'ticket', category: null, tier: 1, count: 1, oldestSince: ago(60_000) },
        { kind: 'ticket', category: 'shipping', tier: 2, count: 2, oldestSince: ago(HOUR_MS) },
        { kind: 'ticket', category: 'shipping', tier: 1, count: 3, oldestSince: ago(2 * HOUR_MS) },
        { kind: 'chat', category: 'billing', tier: null, count: 4, oldestSince: ago(5_000) },
      ],
      NOW,
    );
    expect(queues).toEqual([
      {
        category: 'billing',
        tickets: { count: 0, longestWaitMs: null },
        chats: { count: 4, longestWaitMs: 5_000 },
        ticketsByTier: [],
      },
      {
        category: 'shipping',
        tickets: { count: 5, longestWaitMs: 2 * HOUR_MS },
        chats: { count: 0, longestWaitMs: null },
        ticketsByTier: [
          { tier: 1, count: 3, longestWaitMs: 2 * HOUR_MS },
          { tier: 2, count: 2, longestWaitMs: HOUR_MS },
        ],
      },
      {
        category: null,
        tickets: { count: 1, longestWaitMs: 60_000 },
        chats: { count: 0, longestWaitMs: null },
        ticketsByTier: [{ tier: 1, count: 1, longestWaitMs: 60_000 }],
      },
    ]);
  });

  it('leaves out empty groups and never shows a negative wait', () => {
    const queues = queuesByCategory(
      [
        { kind: 'ticket', category: 'empty', tier: 1, count: 0, oldestSince: ago(HOUR_MS) },
        { kind: 'chat', category: 'ahead', tier: null, count: 1, oldestSince: ago(-1_000) },
      ],
      NOW,
    );
    expect(queues.map((queue) => queue.category)).toEqual(['ahead']);
    expect(queues[0]!.chats.longestWaitMs).toBe(0);
  });
});
