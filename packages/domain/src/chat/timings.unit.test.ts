import { describe, expect, it } from 'vitest';
import { historyIn, minute, stateOf } from './chat.fixture.js';
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
