import { describe, expect, it } from 'vitest';
import { STANDARD_POLICY } from '../sla/policy.js';
import { expectedFirstResponse } from './expected.js';
import { BASE, configured, policy } from './sla-config.fixture.js';
import { EMPTY_SLA_CONFIGURATION } from './state.js';

// Monday 2025-03-03 18:00 in Berlin (17:00 UTC): the office (weekdays 09:00-17:00 Berlin) is closed.
const MONDAY_EVENING = Date.parse('2025-03-03T17:00:00Z');

/** The default policy `p` (60 minutes), billing with 240 minutes and a high default priority, `vip` for the premium plan. */
const CONFIG = configured(
  [
    {
      type: 'UpdateSlaPolicy',
      data: {
        policyId: 'p',
        definition: policy('office', 60, { categoryTargets: { billing: { firstResponseMinutes: 240 } } }),
      },
    },
    { type: 'SetDefaultSlaPolicy', data: { policyId: 'p' } },
    { type: 'CreateSlaPolicy', data: { policyId: 'vip', definition: policy('always', 15) } },
    { type: 'SetPlanSlaPolicy', data: { plan: 'Premium', policyId: 'vip' } },
    {
      type: 'CreateTicketCategory',
      data: { categoryId: 'billing', definition: { name: 'Billing', parentId: null, defaultPriority: 'high' } },
    },
  ],
  BASE,
);

describe('the expected first response of a ticket opened now', () => {
  it("counts the default policy's target in its business hours: next morning", () => {
    const expected = expectedFirstResponse(CONFIG, STANDARD_POLICY, {
      category: null,
      plan: null,
      openedAt: MONDAY_EVENING,
    });
    // Tuesday 09:00 Berlin plus 60 minutes: 10:00 Berlin, 09:00 UTC.
    expect(new Date(expected.dueAt).toISOString()).toBe('2025-03-04T09:00:00.000Z');
    expect(expected).toMatchObject({ priority: 'normal', policyName: 'Policy on office' });
  });

  it("applies the category's targets and default priority", () => {
    const expected = expectedFirstResponse(CONFIG, STANDARD_POLICY, {
      category: 'billing',
      plan: null,
      openedAt: MONDAY_EVENING,
    });
    expect(new Date(expected.dueAt).toISOString()).toBe('2025-03-04T12:00:00.000Z');
    expect(expected.priority).toBe('high');
  });

  it("follows the customer's plan policy (here round the clock)", () => {
    const expected = expectedFirstResponse(CONFIG, STANDARD_POLICY, {
      category: null,
      plan: 'premium',
      openedAt: MONDAY_EVENING,
    });
    expect(new Date(expected.dueAt).toISOString()).toBe('2025-03-03T17:15:00.000Z');
  });

  it('falls back to the bootstrap policy when nothing is configured', () => {
    const expected = expectedFirstResponse(EMPTY_SLA_CONFIGURATION, STANDARD_POLICY, {
      category: null,
      plan: null,
      openedAt: MONDAY_EVENING,
    });
    expect(expected.policyName).toBe(STANDARD_POLICY.name);
    expect(expected.dueAt).toBeGreaterThan(MONDAY_EVENING);
  });
});
