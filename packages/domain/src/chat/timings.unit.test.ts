import { describe, expect, it } from 'vitest';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from '../sla-config/state.js';
import { CHAT_ID, CUSTOMER, historyIn, minute, START_CHAT, SYSTEM, stateOf, T0 } from './chat.fixture.js';
import { chatDecider } from './index.js';
import { initialChatState } from './state.js';
import { DEFAULT_CHAT_TIMINGS, inactivityDeadline, isInactive } from './timings.js';

describe('inactivityDeadline', () => {
  it('is 30 minutes after the last activity by default, for waiting and active chats', () => {
    expect(DEFAULT_CHAT_TIMINGS.inactivityTimeoutMs).toBe(30 * 60_000);
    expect(inactivityDeadline(stateOf(historyIn('waiting')))).toBe(minute(30).toISOString());
    expect(inactivityDeadline(stateOf(historyIn('active')))).toBe(minute(31).toISOString());
  });

  it('follows the configured timeout', () => {
    expect(inactivityDeadline(stateOf(historyIn('active')), { inactivityTimeoutMs: 5 * 60_000 })).toBe(
      minute(6).toISOString(),
    );
  });

  it('follows the timeout the chat started under, whatever the deployment’s', () => {
    const started = { chatInactivityTimeoutMs: 10 * 60_000 } as SlaConfiguration;
    const [event] = chatDecider.decide(START_CHAT, initialChatState, {
      now: T0,
      actor: CUSTOMER,
      slaConfiguration: { ...EMPTY_SLA_CONFIGURATION, ...started },
    });
    expect(event).toMatchObject({ type: 'ChatStarted', data: { inactivityTimeoutMs: 10 * 60_000 } });
    const state = stateOf([event!]);
    expect(inactivityDeadline(state, { inactivityTimeoutMs: 45 * 60_000 })).toBe(minute(10).toISOString());
    // Without a configured timeout the chat records none, and the deployment's applies.
    const [plain] = chatDecider.decide(START_CHAT, initialChatState, { now: T0, actor: CUSTOMER });
    expect(plain).toMatchObject({ type: 'ChatStarted', data: { inactivityTimeoutMs: undefined } });
    expect(inactivityDeadline(stateOf([plain!]), { inactivityTimeoutMs: 45 * 60_000 })).toBe(minute(45).toISOString());
    // Its close says which timeout it was: the chat's, not the deployment's.
    const timeout = { type: 'TimeoutChat', data: { chatId: CHAT_ID } } as const;
    const [closed] = chatDecider.decide(timeout, state, { now: minute(10), actor: SYSTEM });
    expect(closed?.data).toMatchObject({ cause: 'inactivity', reason: 'no activity for 10 minutes' });
  });

  it('names a timeout under a minute in seconds', () => {
    const started = { chatInactivityTimeoutMs: 45_000 } as SlaConfiguration;
    const [event] = chatDecider.decide(START_CHAT, initialChatState, {
      now: T0,
      actor: CUSTOMER,
      slaConfiguration: { ...EMPTY_SLA_CONFIGURATION, ...started },
    });
    const state = stateOf([event!]);
    const timeout = { type: 'TimeoutChat', data: { chatId: CHAT_ID } } as const;
    const [closed] = chatDecider.decide(timeout, state, { now: minute(1), actor: SYSTEM });
    expect(closed?.data).toMatchObject({ reason: 'no activity for 45 seconds' });
  });

  it('reads a read model row the same way', () => {
    const row = { status: 'waiting', lastActivityAt: T0.toISOString(), inactivityTimeoutMs: 2 * 60_000 };
    expect(inactivityDeadline(row)).toBe(minute(2).toISOString());
    expect(inactivityDeadline({ ...row, inactivityTimeoutMs: null })).toBe(minute(30).toISOString());
    expect(inactivityDeadline({ ...row, status: 'closed' })).toBeNull();
  });

  it('does not exist for a closed chat or an empty stream', () => {
    expect(inactivityDeadline(stateOf(historyIn('closed')))).toBeNull();
    expect(inactivityDeadline(initialChatState)).toBeNull();
  });
});

describe('isInactive', () => {
  it('turns true exactly at the deadline', () => {
    const active = stateOf(historyIn('active'));
    expect(isInactive(active, new Date(minute(31).getTime() - 1))).toBe(false);
    expect(isInactive(active, minute(31))).toBe(true);
  });

  it('is never true for a closed chat', () => {
    expect(isInactive(stateOf(historyIn('closed')), minute(10_000))).toBe(false);
  });
});
