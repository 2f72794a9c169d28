import { PREMIUM_POLICY, slaStatus } from '@support-engine/domain';
import { describe, expect, it } from 'vitest';
import { summarizeSla } from './sla-summary.js';

const T0 = Date.parse('2030-01-07T10:00:00.000Z');
const status = (facts: Parameters<typeof slaStatus>[0]['facts'], now: number) =>
  slaStatus({ policy: PREMIUM_POLICY, priority: 'urgent', facts, now });

describe('summarizeSla', () => {
  it('reports the worst clock', () => {
    const opened = [{ kind: 'opened' as const, at: T0 }];
    expect(summarizeSla(null)).toBe('none');
    expect(summarizeSla(status(opened, T0 + 60_000))).toBe('running');
    expect(summarizeSla(status(opened, T0 + 13 * 60_000))).toBe('warning');
    expect(summarizeSla(status(opened, T0 + 16 * 60_000))).toBe('breached');
    const waiting = [...opened, { kind: 'agent_replied' as const, at: T0 + 60_000 }];
    const paused = [...waiting, { kind: 'status_changed' as const, at: T0 + 60_000, to: 'waiting_customer' as const }];
    expect(summarizeSla(status(paused, T0 + 2 * 60_000))).toBe('paused');
  });
});
