import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { codeOf } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { type CustomerCommand, type CustomerEvent, customerDecider } from './index.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const CARL: Actor = { id: 'carl', role: 'customer' };
const AGENT: Actor = { id: 'ada', role: 'agent' };
const ROUTER: Actor = { id: 'router', role: 'system' };

function reserve(chatId: string, limit = 1, customerId = 'carl'): CustomerCommand {
  const command = { type: 'StartChat' as const, data: { chatId, customerId } };
  const handOver = { commandId: `start-${chatId}`, command };
  return { type: 'ReserveChatSlot', data: { customerId, chatId, reservationId: `r-${chatId}`, limit, handOver } };
}

function release(chatId: string, cause: 'closed' | 'converted' | 'cancelled', reservationId?: string): CustomerCommand {
  return { type: 'ReleaseChatSlot', data: { customerId: 'carl', chatId, cause, reservationId } };
}

function when(history: readonly CustomerEvent[], command: CustomerCommand, actor: Actor = CARL) {
  return deciderSpec(customerDecider).given(history).when(command, { now: NOW, actor }).events();
}

/** The history after each command in turn (each must be accepted). */
function after(...steps: Array<[CustomerCommand, Actor]>): CustomerEvent[] {
  const history: CustomerEvent[] = [];
  for (const [command, actor] of steps) history.push(...when(history, command, actor));
  return history;
}

const openChats = (history: readonly CustomerEvent[]) =>
  fold(customerDecider, history).openChats.map((slot) => slot.chatId);

describe("the customer's open chats", () => {
  it('takes a slot for a chat about to start, without needing a profile', () => {
    const events = when([], reserve('c1'));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'CustomerChatSlotReserved',
        data: expect.objectContaining({ chatId: 'c1', reservationId: 'r-c1', actor: CARL, at: NOW.toISOString() }),
      }),
    ]);
    expect(fold(customerDecider, events).openChats).toEqual([
      { chatId: 'c1', reservationId: 'r-c1', reservedAt: NOW.toISOString() },
    ]);
  });

  it('refuses a second open chat with CHAT_ALREADY_OPEN, naming the open one', () => {
    const history = after([reserve('c1'), CARL]);
    let refusal: unknown;
    try {
      when(history, reserve('c2'));
    } catch (error) {
      refusal = error;
    }
    expect(isDomainError(refusal) && refusal.code).toBe('CHAT_ALREADY_OPEN');
    expect(isDomainError(refusal) && refusal.details).toMatchObject({ customerId: 'carl', openChatId: 'c1', limit: 1 });
  });

  it('follows the limit: 2 allows two, 0 means no limit', () => {
    const two = after([reserve('c1', 2), CARL], [reserve('c2', 2), CARL]);
    expect(openChats(two)).toEqual(['c1', 'c2']);
    expect(codeOf(() => when(two, reserve('c3', 2)))).toBe('CHAT_ALREADY_OPEN');
    const unlimited = after(...['c1', 'c2', 'c3', 'c4'].map((id): [CustomerCommand, Actor] => [reserve(id, 0), CARL]));
    expect(openChats(unlimited)).toHaveLength(4);
  });

  it('lets staff and the system always open a chat for the customer, and counts it', () => {
    const history = after([reserve('c1'), CARL], [reserve('c2'), AGENT], [reserve('c3'), ROUTER]);
    expect(openChats(history)).toEqual(['c1', 'c2', 'c3']);
    const byStaff = after([reserve('s1'), AGENT]);
    expect(codeOf(() => when(byStaff, reserve('c1')))).toBe('CHAT_ALREADY_OPEN');
  });

  it('treats a repeated reservation as done, and refuses a chat id held by another reservation', () => {
    const history = after([reserve('c1', 2), CARL]);
    expect(when(history, reserve('c1', 2))).toEqual([]);
    const other = reserve('c1', 2);
    if (other.type !== 'ReserveChatSlot') throw new Error('unreachable');
    const again = { ...other, data: { ...other.data, reservationId: 'r-other' } };
    expect(codeOf(() => when(history, again))).toBe('ALREADY_EXISTS');
  });

  it('refuses a start that does not match its slot, and starts for someone else', () => {
    const mismatched = reserve('c1');
    if (mismatched.type !== 'ReserveChatSlot') throw new Error('unreachable');
    const wrong = { ...mismatched, data: { ...mismatched.data, chatId: 'c2' } };
    expect(codeOf(() => when([], wrong))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when([], reserve('c1', 1, 'dora')))).toBe('FORBIDDEN');
    expect(codeOf(() => when([], reserve('c1'), { id: 'aud', role: 'auditor' }))).toBe('FORBIDDEN');
    expect(codeOf(() => when([], { ...reserve('c1'), data: { customerId: 'carl' } } as CustomerCommand))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('gives a slot back when its chat closes or converts, once', () => {
    const history = after([reserve('c1'), CARL]);
    const released = when(history, release('c1', 'closed'), ROUTER);
    expect(released).toEqual([
      expect.objectContaining({
        type: 'CustomerChatSlotReleased',
        data: expect.objectContaining({
          chatId: 'c1',
          reservationId: 'r-c1',
          cause: 'closed',
          reservedAt: NOW.toISOString(),
        }),
      }),
    ]);
    const freed = [...history, ...released];
    expect(openChats(freed)).toEqual([]);
    expect(when(freed, release('c1', 'closed'), ROUTER)).toEqual([]);
    expect(when(freed, reserve('c2'))).toHaveLength(1);
  });

  it("cancels only the named reservation's slot", () => {
    const history = after([reserve('c1'), CARL]);
    expect(when(history, release('c1', 'cancelled', 'r-someone-else'), ROUTER)).toEqual([]);
    expect(when(history, release('c1', 'cancelled', 'r-c1'))).toHaveLength(1);
  });

  it('lets the customer only cancel their own start; staff and the system release', () => {
    const history = after([reserve('c1'), CARL]);
    expect(codeOf(() => when(history, release('c1', 'closed')))).toBe('FORBIDDEN');
    expect(codeOf(() => when(history, release('c1', 'cancelled'), { id: 'dora', role: 'customer' }))).toBe('FORBIDDEN');
    expect(when(history, release('c1', 'converted'), AGENT)).toHaveLength(1);
  });
});

describe('the open-chat invariant', () => {
  // Clients start chats concurrently: each decides against the stream as it read it and appends
  // with that version expected; a conflict makes it read again and decide again (the command
  // handler's retry). The router releases chats in between.
  const step = fc.oneof(
    fc.record({ kind: fc.constant('read' as const), client: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('commit' as const), client: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('close' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('staff' as const) }),
  );

  it('never holds more than the limit of customer-started chats, whatever the interleaving', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(step, { maxLength: 60 }), (limit, steps) => {
        const stream: CustomerEvent[] = [];
        const decided = new Map<number, { version: number; chatId: string; events: readonly CustomerEvent[] }>();
        let next = 0;
        let staffOpened = 0;
        const decide = (chatId: string, actor: Actor = CARL) => {
          try {
            return when(stream, reserve(chatId, limit), actor);
          } catch (error) {
            if (isDomainError(error) && error.code === 'CHAT_ALREADY_OPEN') return null;
            throw error;
          }
        };
        for (const s of steps) {
          if (s.kind === 'read') {
            const chatId = `c${next++}`;
            const events = decide(chatId);
            if (events) decided.set(s.client, { version: stream.length, chatId, events });
          } else if (s.kind === 'commit') {
            const pending = decided.get(s.client);
            if (pending === undefined) continue;
            decided.delete(s.client);
            // Expected version: a stale decision is decided again against the stream as it is.
            const events = pending.version === stream.length ? pending.events : decide(pending.chatId);
            if (events) stream.push(...events);
          } else if (s.kind === 'staff') {
            stream.push(...when(stream, reserve(`s${next++}`, limit), AGENT));
            staffOpened++;
          } else {
            const open = fold(customerDecider, stream).openChats;
            const slot = open[s.pick % Math.max(open.length, 1)];
            if (slot !== undefined) stream.push(...when(stream, release(slot.chatId, 'closed'), ROUTER));
          }
          const held = fold(customerDecider, stream).openChats;
          const ids = held.map((slot) => slot.chatId);
          expect(new Set(ids).size).toBe(ids.length);
          const byCustomer = ids.filter((id) => id.startsWith('c')).length;
          // Staff may go past the limit; a customer's own start never does.
          if (staffOpened === 0) expect(held.length).toBeLessThanOrEqual(limit);
          expect(byCustomer).toBeLessThanOrEqual(limit);
        }
      }),
    );
  });
});
