import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.js';
import { createTicketDecider } from '../ticket/index.js';
import { governingSla } from './governing.js';
import { BASE, configured, decide, policy, refusal, SYSTEM, T0 } from './sla-config.fixture.js';

/** `p` is the default (60 min), `premium` (15 min) is the Premium plan's, `billing-sla` (240 min) the billing category's. */
const PLANS = configured(
  [
    { type: 'SetDefaultSlaPolicy', data: { policyId: 'p' } },
    {
      type: 'CreateSlaPolicy',
      data: {
        policyId: 'premium',
        definition: policy('always', 15, {
          categoryTargets: { billing: { resolutionMinutes: 120 } },
        }),
      },
    },
    { type: 'CreateSlaPolicy', data: { policyId: 'billing-sla', definition: policy('office', 240) } },
    {
      type: 'CreateTicketCategory',
      data: { categoryId: 'billing', definition: { name: 'Billing', slaPolicyId: 'billing-sla' } },
    },
    { type: 'SetPlanSlaPolicy', data: { plan: 'Premium', policyId: 'premium' } },
  ],
  BASE,
);

describe('a plan names the SLA policy of its customers’ tickets', () => {
  it('governs before the category and the default, whatever the plan’s case and spacing', () => {
    for (const plan of ['Premium', 'premium', '  PREMIUM ']) {
      expect(governingSla(PLANS, null, plan)?.policyId).toBe('premium');
      expect(governingSla(PLANS, 'billing', plan)?.policyId).toBe('premium');
    }
  });

  it('is narrowed by the category as any policy is: the category’s targets in the plan’s policy apply', () => {
    const terms = governingSla(PLANS, 'billing', 'premium');
    expect(terms?.policy?.categoryTargets).toEqual({ billing: { resolutionMinutes: 120 } });
    expect(terms?.key).not.toBe(governingSla(PLANS, null, 'premium')?.key);
  });

  it('leaves customers on another plan, or on none, to their category and the default', () => {
    for (const plan of [null, 'Basic']) {
      expect(governingSla(PLANS, null, plan)?.policyId).toBe('p');
      expect(governingSla(PLANS, 'billing', plan)?.policyId).toBe('billing-sla');
    }
  });

  it('is set, changed and cleared as events; naming the same policy again records nothing', () => {
    expect(decide(PLANS, { type: 'SetPlanSlaPolicy', data: { plan: 'premium ', policyId: 'premium' } })).toEqual([]);
    const cleared = configured([{ type: 'SetPlanSlaPolicy', data: { plan: 'PREMIUM', policyId: null } }], PLANS);
    expect(cleared.planPolicies).toEqual({});
    expect(governingSla(cleared, null, 'Premium')?.policyId).toBe('p');
    const moved = configured([{ type: 'SetPlanSlaPolicy', data: { plan: 'Premium', policyId: 'billing-sla' } }], PLANS);
    expect(moved.planPolicies).toEqual({ premium: { plan: 'Premium', policyId: 'billing-sla' } });
    expect(decide(cleared, { type: 'SetPlanSlaPolicy', data: { plan: 'Gold', policyId: null } })).toEqual([]);
  });

  it('refuses a policy that does not exist, a blank plan, a non-admin, and deleting a policy a plan names', () => {
    refusal(PLANS, { type: 'SetPlanSlaPolicy', data: { plan: 'Gold', policyId: 'nope' } }, 'NOT_FOUND');
    refusal(PLANS, { type: 'SetPlanSlaPolicy', data: { plan: '  ', policyId: 'p' } }, 'VALIDATION_FAILED');
    refusal(PLANS, { type: 'SetPlanSlaPolicy', data: { plan: 'Gold', policyId: 'p' } }, 'FORBIDDEN', {
      id: 'agent-1',
      role: 'agent',
    });
    const inUse = refusal(PLANS, { type: 'DeleteSlaPolicy', data: { policyId: 'premium' } }, 'SLA_POLICY_IN_USE');
    expect(inUse.details?.usedBy).toEqual(['plan:Premium']);
    expect(decide(PLANS, { type: 'SetPlanSlaPolicy', data: { plan: 'Gold', policyId: 'p' } }, SYSTEM)).toHaveLength(1);
  });
});

describe('a ticket records its customer’s plan and follows the plan’s policy', () => {
  const decider = createTicketDecider();
  const open = (customerPlan: string | null | undefined, category?: string) =>
    decider.decide(
      {
        type: 'OpenTicket',
        data: {
          ticketId: 't-1',
          customerId: 'c-1',
          subject: 'Invoice missing',
          description: 'Where is my invoice?',
          channel: 'web',
          ...(category ? { category } : {}),
        },
      },
      decider.initialState,
      {
        now: T0,
        actor: { id: 'c-1', role: 'customer' },
        slaConfiguration: PLANS,
        ...(customerPlan === undefined ? {} : { customerPlan }),
      },
    );

  it('records the plan on TicketOpened and applies its policy', () => {
    const events = open('Premium', 'billing');
    expect(events[0]).toMatchObject({ type: 'TicketOpened', data: { plan: 'Premium' } });
    expect(events[1]).toMatchObject({ type: 'TicketSlaPolicyApplied', data: { policyId: 'premium', cause: 'opened' } });
  });

  it('records no plan for a customer without one, and their category’s policy governs', () => {
    for (const plan of [null, undefined]) {
      const events = open(plan, 'billing');
      expect(events[0]?.data).not.toHaveProperty('plan');
      expect(events[1]).toMatchObject({ data: { policyId: 'billing-sla' } });
    }
  });

  it('keeps the plan for a re-plan and a category change: the recorded plan still governs', () => {
    const state = fold(decider, open('premium'), decider.initialState);
    expect(state?.plan).toBe('premium');
    const context = {
      now: T0,
      actor: SYSTEM,
      slaConfiguration: configured(
        [{ type: 'UpdateSlaPolicy', data: { policyId: 'premium', definition: policy('always', 10) } }],
        PLANS,
      ),
    };
    const refreshed = decider.decide({ type: 'RefreshSla', data: { ticketId: 't-1' } }, state, context);
    expect(refreshed).toMatchObject([
      { type: 'TicketSlaPolicyApplied', data: { policyId: 'premium', policyVersion: 2 } },
    ]);
    const moved = decider.decide({ type: 'ChangeCategory', data: { ticketId: 't-1', category: 'billing' } }, state, {
      ...context,
      actor: { id: 'agent-1', role: 'agent' },
    });
    expect(moved.at(-1)).toMatchObject({
      type: 'TicketSlaPolicyApplied',
      data: { policyId: 'premium', cause: 'category_changed' },
    });
  });
});
