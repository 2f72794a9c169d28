import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../shared/time.js';
import { slaStatus } from '../sla/calculator.js';
import { ALWAYS_OPEN, DUBAI_BUSINESS_HOURS } from '../sla/calendar.js';
import { targetsFor } from '../sla/policy.js';
import { effectiveTimings } from '../ticket/reminders.js';
import type { SlaConfigCommand } from './commands.js';
import { decideSlaConfiguration } from './decide.js';
import { evolveSlaConfiguration } from './evolve.js';
import { categoryDefaultPriority, categoryRequiredSkill, governingSla, termsKey } from './governing.js';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from './state.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const after = (...commands: SlaConfigCommand[]): SlaConfiguration =>
  commands.reduce(
    (state, command) =>
      decideSlaConfiguration(command, state, { now: NOW, actor: { id: 'ada', role: 'admin' } }).reduce(
        evolveSlaConfiguration,
        state,
      ),
    EMPTY_SLA_CONFIGURATION,
  );
const PRESETS = after({ type: 'LoadSlaPresets', data: { presets: ['standard', 'premium', 'categories'] } });

describe('governingSla', () => {
  it('is null while nothing is configured: the bootstrap policy governs', () => {
    expect(governingSla(EMPTY_SLA_CONFIGURATION, 'billing')).toBeNull();
  });

  it('takes the category’s policy, else the nearest ancestor’s, else the default', () => {
    expect(governingSla(PRESETS, null)?.policyId).toBe('standard');
    expect(governingSla(PRESETS, 'elsewhere')?.policyId).toBe('standard');
    expect(governingSla(PRESETS, 'billing')?.policyId).toBe('support-categories');
    // outage names no policy: its parent technical does.
    expect(governingSla(PRESETS, 'outage')).toMatchObject({ policyId: 'support-categories', policyVersion: 1 });
  });

  it('narrows the policy to the category: its targets, the escalation threshold, the calendar per priority', () => {
    const outage = governingSla(PRESETS, 'outage')!.policy!;
    expect(targetsFor(outage, 'normal', 'outage').first_response).toBe(60 * MINUTE_MS);
    expect(Object.keys(outage.categoryTargets)).toEqual(['outage']);
    expect(outage.escalationThresholdMinutes).toBe(360);
    expect(outage.calendar).toEqual(DUBAI_BUSINESS_HOURS);
    expect(outage.calendarByPriority?.urgent).toEqual(ALWAYS_OPEN);
    const deeper = after(
      { type: 'LoadSlaPresets', data: { presets: ['categories'] } },
      {
        type: 'CreateTicketCategory',
        data: { categoryId: 'crash', definition: { name: 'Crash', parentId: 'bug', escalationThresholdMinutes: 120 } },
      },
    );
    const crash = governingSla(deeper, 'crash')!.policy!;
    // crash inherits bug's 2 h first response (its own category targets are none) and sets 2 h escalation.
    expect(targetsFor(crash, 'low', 'crash').first_response).toBe(120 * MINUTE_MS);
    expect(crash.escalationThresholdMinutes).toBe(120);
    expect(categoryDefaultPriority(deeper, 'crash')).toBe('high');
    expect(categoryRequiredSkill(deeper, 'crash')).toBe('technical');
  });

  it('keys the terms: equal whatever the field order, different when a target changes', () => {
    expect(termsKey({ a: 1, b: { c: 2, d: 3 } })).toBe(termsKey({ b: { d: 3, c: 2 }, a: 1 }));
    const before = governingSla(PRESETS, 'billing')!;
    const edited = after(
      { type: 'LoadSlaPresets', data: { presets: ['standard', 'premium', 'categories'] } },
      {
        type: 'UpdateSlaPolicy',
        data: {
          policyId: 'support-categories',
          definition: {
            ...PRESETS.policies['support-categories']!.definition,
            categoryTargets: { billing: { firstResponseMinutes: 30 } },
          },
        },
      },
    );
    expect(governingSla(edited, 'billing')!.key).not.toBe(before.key);
    // Premium is untouched: a ticket it governs keeps its key, so the edit re-plans nothing there.
    expect(governingSla(edited, null)!.key).toBe(governingSla(PRESETS, null)!.key);
  });
});

describe('a policy with a calendar per priority', () => {
  it('counts an urgent ticket 24/7 while a normal one waits for business hours', () => {
    const policy = governingSla(PRESETS, 'general')!.policy!;
    // Saturday 2026-03-07 02:00 UTC is 06:00 in UTC+4: outside weekend hours (10:00-18:00).
    const at = Date.parse('2026-03-07T02:00:00Z');
    const status = (priority: 'urgent' | 'normal') =>
      slaStatus({ policy, priority, facts: [{ kind: 'opened', at }], now: at + 60 * MINUTE_MS }).metrics.first_response;
    expect(status('urgent').elapsedBusinessMs).toBe(60 * MINUTE_MS);
    expect(status('normal').elapsedBusinessMs).toBe(0);
  });
});

describe('effectiveTimings', () => {
  const DEPLOYMENT = {
    firstReminderAfterMs: 3_000,
    secondReminderAfterMs: 5_000,
    waitingAutoCloseAfterMs: 7_000,
    resolvedAutoCloseAfterMs: 24_000,
  };
  it('lays the recorded overrides over the deployment’s delays, unless the mix would not increase', () => {
    expect(effectiveTimings(DEPLOYMENT, { resolvedAutoCloseAfterMs: 1_000 })).toEqual({
      ...DEPLOYMENT,
      resolvedAutoCloseAfterMs: 1_000,
    });
    expect(effectiveTimings(DEPLOYMENT, { firstReminderAfterMs: 6_000 })).toEqual(DEPLOYMENT);
    expect(effectiveTimings(DEPLOYMENT, {})).toBe(DEPLOYMENT);
  });
});
