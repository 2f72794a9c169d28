import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TYPING_IDLE_MS, TYPING_REPEAT_MS, TypingSignals } from './typing.ts';

describe('typing signals', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says typing once per interval, and stopped once the keys stop', () => {
    const sent: string[] = [];
    const signals = new TypingSignals(
      (kind) => sent.push(kind),
      () => Date.now(),
    );
    signals.key();
    signals.key();
    expect(sent).toEqual(['typing']);
    vi.advanceTimersByTime(TYPING_REPEAT_MS);
    signals.key();
    expect(sent).toEqual(['typing', 'typing']);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(sent).toEqual(['typing', 'typing', 'stopped_typing']);
    signals.stop();
    expect(sent).toHaveLength(3);
  });
});
