import { describe, expect, it } from 'vitest';
import { clockFace, formatDuration } from './countdown.ts';

const T = Date.parse('2026-03-02T10:00:00Z');
const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();
const running = { state: 'running', remainingBusinessMs: 0, warningAt: at(48), breachAt: at(60) };

describe('an SLA clock on the ticket panel', () => {
  it('counts down to its breach, at risk from its warning, breached past it', () => {
    expect(clockFace(running, T)).toEqual({ phase: 'on_track', remainingMs: 60 * 60_000 });
    expect(clockFace(running, T + 1000)).toEqual({ phase: 'on_track', remainingMs: 60 * 60_000 - 1000 });
    expect(clockFace(running, T + 50 * 60_000)).toEqual({ phase: 'at_risk', remainingMs: 10 * 60_000 });
    expect(clockFace(running, T + 61 * 60_000)).toEqual({ phase: 'breached', overdueMs: 60_000 });
  });

  it('keeps the time a paused clock had left, however late it is', () => {
    const paused = { state: 'paused', remainingBusinessMs: 90_000, breachAt: null };
    expect(clockFace(paused, T)).toEqual(clockFace(paused, T + 3_600_000));
    expect(clockFace(paused, T)).toEqual({ phase: 'paused', remainingMs: 90_000 });
  });

  it('counts a breached clock overdue since its breach, until it was completed', () => {
    const late = { state: 'breached', remainingBusinessMs: 0, breachAt: at(60), breachedAt: at(60) };
    expect(clockFace(late, T + 70 * 60_000)).toEqual({ phase: 'breached', overdueMs: 10 * 60_000 });
    expect(clockFace({ ...late, completedAt: at(65) }, T + 600 * 60_000)).toEqual({
      phase: 'breached',
      overdueMs: 5 * 60_000,
    });
    expect(clockFace({ state: 'met', remainingBusinessMs: 0 }, T)).toEqual({ phase: 'met' });
  });

  it('writes durations as hours, minutes and seconds', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(27 * 3_600_000 + 4 * 60_000 + 9_999)).toBe('27:04:09');
  });
});
