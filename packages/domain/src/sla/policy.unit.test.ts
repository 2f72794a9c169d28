import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../shared/time.js';
import { slaStatus } from './calculator.js';
import { CATEGORY_POLICY, PREMIUM_POLICY, SlaPolicy, STANDARD_POLICY, targetsFor } from './policy.js';

describe('SLA policies', () => {
  it('ships the standard policy: 2 h / 4 h / 24 h for every priority, 80 % goal, warning at 80 %', () => {
    for (const priority of ['low', 'normal', 'high', 'urgent'] as const) {
      expect(targetsFor(STANDARD_POLICY, priority)).toEqual({
        first_response: 2 * HOUR_MS,
        next_response: 4 * HOUR_MS,
        resolution: 24 * HOUR_MS,
      });
    }
    expect(STANDARD_POLICY).toMatchObject({ complianceGoal: 0.8, warnAtFraction: 0.8 });
    expect(STANDARD_POLICY.calendar).toMatchObject({ kind: 'weekly', timeZone: 'Asia/Dubai' });
  });

  it('ships the premium policy: first response 15 min urgent, 30 min high, 2 h normal, 24/7', () => {
    expect(targetsFor(PREMIUM_POLICY, 'urgent').first_response).toBe(15 * MINUTE_MS);
    expect(targetsFor(PREMIUM_POLICY, 'high').first_response).toBe(30 * MINUTE_MS);
    expect(targetsFor(PREMIUM_POLICY, 'normal').first_response).toBe(2 * HOUR_MS);
    // An urgent customer hears from us at least every 2 hours.
    expect(targetsFor(PREMIUM_POLICY, 'urgent').next_response).toBeLessThanOrEqual(2 * HOUR_MS);
    expect(PREMIUM_POLICY.calendar).toEqual({ kind: '24/7' });
  });

  it('ships category SLAs from 1 h to 6 h, a category replacing the priority target', () => {
    const firstResponse = (category?: string) => targetsFor(CATEGORY_POLICY, 'urgent', category).first_response;
    expect(firstResponse('outage')).toBe(HOUR_MS);
    expect(firstResponse('bug')).toBe(2 * HOUR_MS);
    expect(firstResponse('billing')).toBe(4 * HOUR_MS);
    expect(firstResponse('anything else')).toBe(6 * HOUR_MS);
    expect(firstResponse()).toBe(6 * HOUR_MS);
    // Only the overridden metric changes, and inherited object keys are not categories.
    expect(targetsFor(CATEGORY_POLICY, 'normal', 'outage').resolution).toBe(24 * HOUR_MS);
    expect(firstResponse('constructor')).toBe(6 * HOUR_MS);
  });

  it('escalates a category-policy ticket still unresolved after 6 business hours', () => {
    const mondayNine = Date.parse('2024-06-10T05:00:00Z'); // 09:00 in Dubai
    const facts = [{ kind: 'opened' as const, at: mondayNine }];
    const status = slaStatus({ policy: CATEGORY_POLICY, priority: 'normal', category: 'bug', facts, now: mondayNine });
    expect(status.escalation).toEqual({ thresholdMs: 6 * HOUR_MS, reachedAt: null, dueAt: mondayNine + 6 * HOUR_MS });
  });

  it('defaults the warning to 80 % of the target', () => {
    const policy = SlaPolicy.parse({
      id: 'p',
      name: 'P',
      calendar: { kind: '24/7' },
      targets: Object.fromEntries(
        ['low', 'normal', 'high', 'urgent'].map((p) => [
          p,
          { firstResponseMinutes: 60, nextResponseMinutes: 60, resolutionMinutes: 60 },
        ]),
      ),
    });
    expect(policy).toMatchObject({ warnAtFraction: 0.8, categoryTargets: {} });
  });

  it.each([
    ['a zero target', { firstResponseMinutes: 0, nextResponseMinutes: 60, resolutionMinutes: 60 }],
    ['a fractional target', { firstResponseMinutes: 1.5, nextResponseMinutes: 60, resolutionMinutes: 60 }],
    ['a missing target', { firstResponseMinutes: 60, nextResponseMinutes: 60 }],
  ])('rejects %s', (_, targets) => {
    const input = { ...STANDARD_POLICY, targets: { ...STANDARD_POLICY.targets, urgent: targets } };
    expect(SlaPolicy.safeParse(input).success).toBe(false);
  });

  it('rejects a warning fraction outside (0, 1)', () => {
    expect(SlaPolicy.safeParse({ ...STANDARD_POLICY, warnAtFraction: 1 }).success).toBe(false);
    expect(SlaPolicy.safeParse({ ...STANDARD_POLICY, warnAtFraction: 0 }).success).toBe(false);
  });
});
