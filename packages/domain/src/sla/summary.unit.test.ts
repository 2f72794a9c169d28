import { describe, expect, it } from 'vitest';
import { slaStatus } from './calculator.js';
import type { SlaFact } from './facts.js';
import { PREMIUM_POLICY } from './policy.js';
import { summarizeSla } from './summary.js';

const T0 = Date.parse('2030-01-07T10:00:00.000Z');
const MINUTE = 60_000;
const status = (facts: readonly SlaFact[], now: number) =>
  slaStatus({ policy: PREMIUM_POLICY, priority: 'urgent', facts, now });
const opened: SlaFact[] = [{ kind: 'opened', at: T0 }];
// Premium, urgent: first response in 15 min, warned at 80 % (12 min).
const answered: SlaFact[] = [...opened, { kind: 'agent_replied', at: T0 + MINUTE }];

describe('summarizeSla', () => {
  it('reports the worst clock', () => {
    expect(summarizeSla(null)).toBe('not_started');
    expect(summarizeSla(status([], T0))).toBe('not_started');
    expect(summarizeSla(status(opened, T0 + MINUTE))).toBe('running');
    expect(summarizeSla(status(opened, T0 + 13 * MINUTE))).toBe('warning');
    expect(summarizeSla(status(opened, T0 + 16 * MINUTE))).toBe('breached');
    const waiting: SlaFact[] = [...answered, { kind: 'status_changed', at: T0 + MINUTE, to: 'waiting_customer' }];
    expect(summarizeSla(status(waiting, T0 + 2 * MINUTE))).toBe('paused');
  });

  it('calls a paused clock past its warning paused, not warning: nothing is at risk while the customer has the ball', () => {
    // The resolution clock (4 h) warns at 80 %; the ticket waits on the customer from 3 h 30.
    const facts: SlaFact[] = [...answered, { kind: 'status_changed', at: T0 + 210 * MINUTE, to: 'waiting_customer' }];
    const late = status(facts, T0 + 220 * MINUTE);
    expect(late.metrics.resolution.warnedAt).not.toBeNull();
    expect(late.metrics.resolution.state).toBe('paused');
    expect(summarizeSla(late)).toBe('paused');
  });

  it('calls a ticket whose clocks were all completed in time met', () => {
    const resolved: SlaFact[] = [...answered, { kind: 'status_changed', at: T0 + 30 * MINUTE, to: 'resolved' }];
    const done = status(resolved, T0 + 40 * MINUTE);
    expect(Object.values(done.metrics).every((m) => m.state === 'met' || m.state === 'not_started')).toBe(true);
    expect(summarizeSla(done)).toBe('met');
  });
});
