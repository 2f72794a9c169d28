import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentLoad } from '../agent/load.js';
import { HOUR_MS, MINUTE_MS, toInstant } from '../shared/time.js';
import type { ChatEvent } from './events.js';
import {
  chatQueuedSince,
  estimatedWait,
  MIN_HANDLE_TIME_SAMPLES,
  queuePositions,
  typicalHandleTime,
  type WaitingChat,
} from './queue.js';
import { ChatPriority } from './state.js';

const T0 = Date.parse('2025-03-03T09:00:00.000Z');
const waiting = (chatId: string, priority: ChatPriority, minutesIn: number): WaitingChat => ({
  chatId,
  priority,
  waitingSince: toInstant(T0 + minutesIn * MINUTE_MS),
});

describe('queuePositions', () => {
  it('puts urgent first, then the longest waiting, then chat id', () => {
    const queue = queuePositions([
      waiting('low-early', 'low', 0),
      waiting('high-late', 'high', 9),
      waiting('urgent-late', 'urgent', 10),
      waiting('high-b', 'high', 5),
      waiting('high-a', 'high', 5),
      waiting('medium', 'medium', 1),
    ]);
    expect(queue.map((c) => [c.position, c.chatId])).toEqual([
      [1, 'urgent-late'],
      [2, 'high-a'],
      [3, 'high-b'],
      [4, 'high-late'],
      [5, 'medium'],
      [6, 'low-early'],
    ]);
  });

  const chats = fc.uniqueArray(
    fc.record({
      chatId: fc.string({ minLength: 1, maxLength: 6 }),
      priority: fc.constantFrom(...ChatPriority.options),
      waitingSince: fc.integer({ min: 0, max: 100 }).map((m) => toInstant(T0 + m * MINUTE_MS)),
    }),
    { selector: (c) => c.chatId, maxLength: 30 },
  );

  const shuffledPair = chats.chain((list) =>
    fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
  );

  it('numbers 1..n and does not depend on the input order', () => {
    fc.assert(
      fc.property(shuffledPair, ([list, shuffled]) => {
        const a = queuePositions(list);
        expect(a.map((c) => c.position)).toEqual(list.map((_, i) => i + 1));
        expect(queuePositions(shuffled)).toEqual(a);
      }),
    );
  });

  it('never places a lower priority ahead of a higher one', () => {
    const rank = { urgent: 0, high: 1, medium: 2, low: 3 } as const;
    fc.assert(
      fc.property(chats, (list) => {
        const ranks = queuePositions(list).map((c) => rank[c.priority]);
        expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
      }),
    );
  });
});

describe('estimatedWait', () => {
  const available = (activeItems: number, capacity = 3): AgentLoad => ({
    availability: 'available',
    activeItems,
    capacity,
  });
  const AHT = 10 * MINUTE_MS;

  it('is 0 while the position fits in the free slots', () => {
    const agents = [available(1), available(3)]; // 2 free slots, 6 in all
    expect(estimatedWait(1, agents, AHT)).toBe(0);
    expect(estimatedWait(2, agents, AHT)).toBe(0);
  });

  it('adds one handle time per wave of all available slots beyond the free ones', () => {
    const agents = [available(1), available(3)]; // free 2, total 6
    expect(estimatedWait(3, agents, AHT)).toBe(AHT); // ceil(1 / 6) = 1
    expect(estimatedWait(8, agents, AHT)).toBe(AHT); // ceil(6 / 6) = 1
    expect(estimatedWait(9, agents, AHT)).toBe(2 * AHT); // ceil(7 / 6) = 2
  });

  it('promises no position 0 when agents pick chats by hand: free slots do not take chats by themselves', () => {
    const agents = [available(1), available(3)]; // free 2, total 6
    expect(estimatedWait(1, agents, AHT, 'manual')).toBe(AHT); // ceil(1 / 6) = 1
    expect(estimatedWait(6, agents, AHT, 'manual')).toBe(AHT);
    expect(estimatedWait(7, agents, AHT, 'manual')).toBe(2 * AHT);
    expect(estimatedWait(1, [{ ...available(0), availability: 'break' }], AHT, 'manual')).toBeNull();
  });

  it('ignores agents who are not available (busy, on break, offline), and is unknown when nobody is', () => {
    const onBreak: AgentLoad = { availability: 'break', activeItems: 0, capacity: 20 };
    expect(estimatedWait(3, [available(3), onBreak], AHT)).toBe(AHT);
    expect(estimatedWait(1, [onBreak, { ...onBreak, availability: 'offline' }], AHT)).toBeNull();
    expect(estimatedWait(1, [], AHT)).toBeNull();
  });

  it('treats agents over capacity as having no free slot', () => {
    expect(estimatedWait(1, [available(5, 3), available(2, 3)], AHT)).toBe(0);
    expect(estimatedWait(2, [available(5, 3), available(2, 3)], AHT)).toBe(AHT);
  });

  it('refuses a position below 1 or a negative handle time', () => {
    expect(() => estimatedWait(0, [available(0)], AHT)).toThrow(/position/);
    expect(() => estimatedWait(1, [available(0)], -1)).toThrow(/handle time/);
  });

  it('never decreases as the position grows', () => {
    const loads = fc.array(
      fc.record({
        availability: fc.constantFrom('available', 'break', 'offline' as const),
        activeItems: fc.integer({ min: 0, max: 25 }),
        capacity: fc.integer({ min: 1, max: 20 }),
      }),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(
        loads,
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: HOUR_MS }),
        (agents, position, aht) => {
          const here = estimatedWait(position, agents, aht);
          const next = estimatedWait(position + 1, agents, aht);
          if (here === null) expect(next).toBeNull();
          else expect(next!).toBeGreaterThanOrEqual(here);
        },
      ),
    );
  });
});

describe('typicalHandleTime', () => {
  const CONFIGURED = 10 * MINUTE_MS;
  const minutes = (...values: number[]) => values.map((m) => m * MINUTE_MS);

  it('keeps the configured time until enough chats were handled', () => {
    expect(typicalHandleTime([], CONFIGURED)).toBe(CONFIGURED);
    expect(typicalHandleTime(minutes(2, 3, 4, 5), CONFIGURED)).toBe(CONFIGURED);
    expect(MIN_HANDLE_TIME_SAMPLES).toBe(5);
  });

  it('is the median of the handled chats, so one long chat does not move it', () => {
    expect(typicalHandleTime(minutes(4, 2, 3, 5, 6), CONFIGURED)).toBe(4 * MINUTE_MS);
    expect(typicalHandleTime(minutes(4, 2, 3, 5, 6, 240), CONFIGURED)).toBe(4.5 * MINUTE_MS);
  });

  it('ignores durations that cannot be (negative, not a number)', () => {
    expect(typicalHandleTime([...minutes(1, 2, 3, 4), -5, Number.NaN], CONFIGURED)).toBe(CONFIGURED);
    expect(typicalHandleTime([...minutes(1, 2, 3, 4, 5), -5], CONFIGURED)).toBe(3 * MINUTE_MS);
  });

  it('lies within the durations it learned from', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 4 * 60 * 60_000 }), { minLength: 5, maxLength: 50 }), (durations) => {
        const typical = typicalHandleTime(durations, CONFIGURED);
        expect(typical).toBeGreaterThanOrEqual(Math.min(...durations));
        expect(typical).toBeLessThanOrEqual(Math.max(...durations));
      }),
    );
  });
});

describe('chatQueuedSince', () => {
  const at = (minutes: number) => toInstant(T0 + minutes * MINUTE_MS);
  const actor = { id: 'agent-1', role: 'agent' } as const;
  const started: ChatEvent = {
    type: 'ChatStarted',
    data: { chatId: 'c', customerId: 'carl', priority: 'medium', at: at(0), actor },
  };
  const assigned: ChatEvent = {
    type: 'ChatAssigned',
    data: { chatId: 'c', agentId: 'agent-1', mode: 'accepted', at: at(2), actor },
  };
  const sentBack: ChatEvent = {
    type: 'ChatTransferredToQueue',
    data: { chatId: 'c', fromAgentId: 'agent-1', category: 'billing', at: at(5), actor },
  };
  const message: ChatEvent = {
    type: 'ChatMessageSent',
    data: {
      chatId: 'c',
      messageId: 'm',
      from: 'customer',
      authorId: 'carl',
      body: 'hi',
      internal: false,
      at: at(6),
      actor,
    },
  };

  it('waits from the start, not while an agent holds it, and again from when it was sent back to a queue', () => {
    const history = [started, assigned, sentBack, message];
    const since = history.reduce<string | null>((current, event) => chatQueuedSince(current, event), null);
    expect(since).toBe(at(5));
    expect(chatQueuedSince(null, started)).toBe(at(0));
    expect(chatQueuedSince(at(0), assigned)).toBeNull();
  });
});
