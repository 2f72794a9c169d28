import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { isDomainError } from '../shared/errors.js';
import {
  ACCEPT,
  ADMIN,
  AGENT,
  AUDITOR,
  CHAT_ID,
  CUSTOMER,
  historyIn,
  minute,
  OTHER_AGENT,
  OTHER_CUSTOMER,
  play,
  START,
  SUPERVISOR,
  SYSTEM,
  stateOf,
} from './chat.fixture.js';
import { type ChatSignalKind, permitChatSignal, relayTime, signalGroupOf } from './signals.js';
import { type ChatState, initialChatState } from './state.js';

/** An active chat with the customer's `m-1`, the agent's internal `m-2` and public `m-3`. */
const conversation = stateOf(
  play([
    START,
    ACCEPT,
    {
      command: { type: 'SendChatMessage', data: { chatId: CHAT_ID, messageId: 'm-2', body: 'VIP', internal: true } },
      actor: AGENT,
      at: minute(2),
    },
    {
      command: { type: 'SendChatMessage', data: { chatId: CHAT_ID, messageId: 'm-3', body: 'Looking' } },
      actor: AGENT,
      at: minute(3),
    },
  ]),
);

/** The refusal's code, or `ok` with what the signal reveals. */
function outcome(
  state: ChatState,
  actor: Actor,
  kind: ChatSignalKind = 'typing',
  messageId?: string,
  internal = false,
) {
  try {
    return permitChatSignal(state, actor, CHAT_ID, kind, messageId, internal);
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe('permitChatSignal', () => {
  it('lets the chat’s customer signal while it waits or is active', () => {
    expect(outcome(stateOf(historyIn('waiting')), CUSTOMER)).toEqual({ staffOnly: false });
    expect(outcome(conversation, CUSTOMER, 'stopped_typing')).toEqual({ staffOnly: false });
  });

  it('lets the assignee and leads signal in an active chat only', () => {
    for (const actor of [AGENT, SUPERVISOR, ADMIN]) expect(outcome(conversation, actor)).toEqual({ staffOnly: false });
    expect(outcome(conversation, OTHER_AGENT)).toBe('NOT_ASSIGNED');
    expect(outcome(stateOf(historyIn('waiting')), SUPERVISOR)).toBe('NOT_ASSIGNED');
    // A waiting chat's refusal says what is missing: someone to take it.
    expect(() => permitChatSignal(stateOf(historyIn('waiting')), SUPERVISOR, CHAT_ID, 'typing', undefined)).toThrow(
      /waits in the queue: staff signal in it once an agent accepts it or is assigned it/,
    );
  });

  it('refuses other customers, auditors and the system', () => {
    for (const actor of [OTHER_CUSTOMER, AUDITOR, SYSTEM]) expect(outcome(conversation, actor)).toBe('FORBIDDEN');
  });

  it('refuses a closed or unknown chat', () => {
    expect(outcome(stateOf(historyIn('closed')), CUSTOMER)).toBe('CHAT_CLOSED');
    expect(outcome(initialChatState, CUSTOMER)).toBe('NOT_FOUND');
    expect(() => permitChatSignal(conversation, CUSTOMER, 'chat-2', 'typing', undefined)).toThrow(
      'Chat "chat-2" does not exist',
    );
  });

  it('reads only a message of the chat the reader may see', () => {
    expect(outcome(conversation, CUSTOMER, 'read', 'm-3')).toEqual({ staffOnly: false });
    expect(outcome(conversation, AGENT, 'read', 'm-1')).toEqual({ staffOnly: false });
    expect(outcome(conversation, SUPERVISOR, 'read', 'm-2')).toEqual({ staffOnly: true });
    // An internal message is, for the customer, one that does not exist.
    expect(outcome(conversation, CUSTOMER, 'read', 'm-2')).toBe('NOT_FOUND');
    expect(outcome(conversation, CUSTOMER, 'read', 'm-404')).toBe('NOT_FOUND');
    expect(outcome(conversation, AGENT, 'read', undefined)).toBe('NOT_FOUND');
  });
});

describe('typing an internal note', () => {
  it('is told to staff only, and a customer has none to type', () => {
    const internal = (actor: Actor, kind: ChatSignalKind) =>
      outcome(conversation, actor, kind, kind === 'read' ? 'm-1' : undefined, true);
    for (const kind of ['typing', 'stopped_typing', 'read'] as const)
      expect(internal(AGENT, kind)).toEqual({ staffOnly: true });
    expect(internal(CUSTOMER, 'typing')).toBe('FORBIDDEN');
  });
});

describe('signalGroupOf', () => {
  it('puts typing and stopped_typing under one limit, read under its own', () => {
    expect(signalGroupOf('typing')).toBe('typing');
    expect(signalGroupOf('stopped_typing')).toBe('typing');
    expect(signalGroupOf('read')).toBe('read');
  });
});

describe('relayTime', () => {
  const times = fc.integer({ min: 0, max: 1e9 });
  const intervals = fc.integer({ min: 0, max: 600_000 });
  // On a monotonic clock the last relay is never later than now.
  const lastAndNow = fc
    .tuple(times, fc.integer({ min: 0, max: 1e6 }))
    .map(([last, elapsed]): [number, number] => [last, last + elapsed]);

  it('relays the first signal of a group at once', () => {
    fc.assert(fc.property(times, intervals, (now, interval) => relayTime(null, now, interval) === now));
  });

  it('relays at once exactly when the interval since the last relay has passed', () => {
    fc.assert(
      fc.property(lastAndNow, intervals, ([last, now], interval) => {
        expect(relayTime(last, now, interval) === now).toBe(now - last >= interval);
      }),
    );
  });

  it('never relays twice within the interval, nor holds a signal back longer than it', () => {
    fc.assert(
      fc.property(lastAndNow, intervals, ([last, now], interval) => {
        const at = relayTime(last, now, interval);
        expect(at).toBeGreaterThanOrEqual(now);
        expect(at - last).toBeGreaterThanOrEqual(interval);
        expect(at - now).toBeLessThanOrEqual(interval);
      }),
    );
  });

  it('lets a steady stream through once per interval', () => {
    // A signal every 100 ms for 10 s, 2 s apart at most: the ones relayed at once.
    let last: number | null = null;
    const relayed: number[] = [];
    for (let now = 0; now < 10_000; now += 100) {
      if (relayTime(last, now, 2_000) === now) {
        relayed.push(now);
        last = now;
      }
    }
    expect(relayed).toEqual([0, 2_000, 4_000, 6_000, 8_000]);
  });
});
