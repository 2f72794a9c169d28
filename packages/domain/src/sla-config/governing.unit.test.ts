import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../shared/time.js';
import type { SlaConfigCommand } from './commands.js';
import { draftSlaPolicy, draftSlaTerms } from './draft.js';
import { categoryDefaultPriority, categoryRequiredSkill, governingSla, termsKey } from './governing.js';
import { BASE, configured, OFFICE, officeHours, policy } from './sla-config.fixture.js';
import { EMPTY_SLA_CONFIGURATION } from './state.js';

const category = (categoryId: string, parentId: string | null, extra: object = {}): SlaConfigCommand => ({
  type: 'CreateTicketCategory',
  data: { categoryId, definition: { name: categoryId, parentId, ...extra } },
});

/**
 * Policy `p` (the default, 60 min first response, escalation 600 min) and policy `vip` (15 min);
 * the tree technical > network > outage, with `vip` on `technical` and targets on each level.
 */
const TREE = configured(
  [
    {
      type: 'UpdateSlaPolicy',
      data: {
        policyId: 'p',
        definition: policy('office', 60, {
          escalationThresholdMinutes: 600,
          categoryTargets: { billing: { firstResponseMinutes: 240 } },
        }),
      },
    },
    { type: 'SetDefaultSlaPolicy', data: { policyId: 'p' } },
    {
      type: 'CreateSlaPolicy',
      data: {
        policyId: 'vip',
        definition: policy('office', 15, {
          calendarByPriority: { urgent: 'always' },
          escalationThresholdMinutes: 300,
          categoryTargets: {
            technical: { resolutionMinutes: 1000, nextResponseMinutes: 100 },
            network: { nextResponseMinutes: 50 },
            outage: { firstResponseMinutes: 5 },
          },
        }),
      },
    },
    category('technical', null, { slaPolicyId: 'vip', defaultPriority: 'high', requiredSkill: 'tech' }),
    category('network', 'technical', { escalationThresholdMinutes: 120 }),
    category('outage', 'network', { defaultPriority: 'urgent' }),
    category('billing', null),
  ],
  BASE,
);

describe('governingSla', () => {
  it('is null when nothing is configured, so the bootstrap policy governs without a record', () => {
    expect(governingSla(EMPTY_SLA_CONFIGURATION, 'anything')).toBeNull();
  });

  it('gives a ticket without a category, or in a category without a policy, the default policy', () => {
    for (const name of [null, 'billing', 'unknown']) {
      expect(governingSla(TREE, name)).toMatchObject({ policyId: 'p', policyVersion: 2, policy: { id: 'p' } });
    }
  });

  it('gives no policy, only the configured timings, when there is no default', () => {
    const timings = {
      firstReminderAfterMs: 1 * HOUR_MS,
      secondReminderAfterMs: 2 * HOUR_MS,
      waitingAutoCloseAfterMs: 3 * HOUR_MS,
      resolvedAutoCloseAfterMs: 24 * HOUR_MS,
    };
    const state = configured([{ type: 'SetAutomationTimings', data: { timings } }], BASE);
    expect(governingSla(state, null)).toMatchObject({ policyId: null, policyVersion: null, policy: null, timings });
  });

  it('inherits the policy of the nearest ancestor that names one, its calendars inlined', () => {
    const terms = governingSla(TREE, 'outage');
    expect(terms).toMatchObject({ policyId: 'vip', policyVersion: 1 });
    expect(terms?.policy?.calendar).toEqual(OFFICE.calendar);
    expect(terms?.policy?.calendarByPriority).toEqual({ urgent: { kind: '24/7' } });
  });

  it('merges the category targets from the root of the tree down, the nearest winning', () => {
    expect(governingSla(TREE, 'outage')?.policy?.categoryTargets).toEqual({
      outage: { firstResponseMinutes: 5, nextResponseMinutes: 50, resolutionMinutes: 1000 },
    });
    expect(governingSla(TREE, 'technical')?.policy?.categoryTargets).toEqual({
      technical: { resolutionMinutes: 1000, nextResponseMinutes: 100 },
    });
  });

  it('applies the policy’s targets for a category the tree does not know', () => {
    const untracked = configured([{ type: 'DeleteTicketCategory', data: { categoryId: 'billing' } }], TREE);
    expect(governingSla(untracked, 'billing')?.policy?.categoryTargets).toEqual({
      billing: { firstResponseMinutes: 240 },
    });
  });

  it('takes the nearest category’s escalation threshold over the policy’s', () => {
    expect(governingSla(TREE, 'outage')?.policy?.escalationThresholdMinutes).toBe(120);
    expect(governingSla(TREE, 'technical')?.policy?.escalationThresholdMinutes).toBe(300);
    expect(governingSla(TREE, null)?.policy?.escalationThresholdMinutes).toBe(600);
  });

  it('takes the policy’s timings over the deployment’s', () => {
    const timings = {
      firstReminderAfterMs: 1 * HOUR_MS,
      secondReminderAfterMs: 2 * HOUR_MS,
      waitingAutoCloseAfterMs: 3 * HOUR_MS,
      resolvedAutoCloseAfterMs: 24 * HOUR_MS,
    };
    const state = configured(
      [
        { type: 'SetAutomationTimings', data: { timings } },
        { type: 'SetDefaultSlaPolicy', data: { policyId: 'p' } },
        {
          type: 'UpdateSlaPolicy',
          data: {
            policyId: 'p',
            definition: policy('office', 60, { timings: { firstReminderAfterMs: 30 * MINUTE_MS } }),
          },
        },
      ],
      BASE,
      { anyTimings: true },
    );
    expect(governingSla(state, null)?.timings).toEqual({ ...timings, firstReminderAfterMs: 30 * MINUTE_MS });
  });

  describe('key', () => {
    const keyOf = (state = TREE, name: string | null = 'outage') => governingSla(state, name)?.key;
    const updateVip = (changes: object): SlaConfigCommand => ({
      type: 'UpdateSlaPolicy',
      data: { policyId: 'vip', definition: { ...TREE.policies.vip!.definition, ...changes } },
    });

    it('does not depend on the order of fields', () => {
      expect(termsKey({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(termsKey({ b: { d: 'x', c: [1, 2] }, a: 1 }));
      expect(termsKey({ a: 1, b: undefined })).toBe(termsKey({ a: 1 }));
      expect(termsKey({ a: [1, 2] })).not.toBe(termsKey({ a: [2, 1] }));
    });

    it('stays when an edit changes nothing for the ticket', () => {
      const otherCategory = updateVip({
        categoryTargets: { ...TREE.policies.vip!.definition.categoryTargets, elsewhere: { firstResponseMinutes: 1 } },
      });
      const state = configured([otherCategory], TREE);
      expect(state.policies.vip?.version).toBe(2);
      expect(keyOf(state)).toBe(keyOf());
      const otherPolicy = configured(
        [{ type: 'UpdateSlaPolicy', data: { policyId: 'p', definition: policy('office', 61) } }],
        TREE,
      );
      expect(keyOf(otherPolicy)).toBe(keyOf());
    });

    it('changes when the ticket’s terms do', () => {
      const edits: SlaConfigCommand[] = [
        updateVip({ warnAtFraction: 0.5 }),
        updateVip({ calendarByPriority: {} }),
        {
          type: 'UpdateSlaCalendar',
          data: { calendarId: 'office', definition: { ...OFFICE, calendar: officeHours('UTC') } },
        },
        {
          type: 'UpdateTicketCategory',
          data: { categoryId: 'network', definition: { name: 'network', parentId: 'technical' } },
        },
        {
          type: 'UpdateTicketCategory',
          data: { categoryId: 'technical', definition: { name: 'technical', parentId: null } },
        },
      ];
      for (const edit of edits) expect(keyOf(configured([edit], TREE)), JSON.stringify(edit)).not.toBe(keyOf());
    });
  });
});

describe('category defaults', () => {
  it('gives the nearest category’s default priority and required skill', () => {
    expect(categoryDefaultPriority(TREE, 'outage')).toBe('urgent');
    expect(categoryDefaultPriority(TREE, 'network')).toBe('high');
    expect(categoryDefaultPriority(TREE, 'billing')).toBeNull();
    expect(categoryRequiredSkill(TREE, 'outage')).toBe('tech');
    expect(categoryRequiredSkill(TREE, null)).toBeNull();
  });

  it('puts the required skill in the terms, and in the key only when there is one', () => {
    expect(governingSla(TREE, 'outage')).toMatchObject({ requiredSkill: 'tech' });
    const billing = governingSla(TREE, 'billing')!;
    expect(billing.requiredSkill).toBeNull();
    // Terms without a skill keep the key they had before skills were part of the terms.
    expect(billing.key).toBe(termsKey({ policy: billing.policy, timings: billing.timings }));
    const outage = governingSla(TREE, 'outage')!;
    expect(outage.key).not.toBe(termsKey({ policy: outage.policy, timings: outage.timings }));
  });
});

describe('draftSlaTerms', () => {
  it("narrows a what-if's draft per category exactly as the tree narrows the saved policy it copies", () => {
    const vip = TREE.policies.vip!.definition;
    const draft = draftSlaTerms(TREE, vip);
    for (const name of ['technical', 'network', 'outage']) {
      const { id: _saved, ...governing } = governingSla(TREE, name)!.policy!;
      const { id, ...narrowed } = draft(name);
      expect(id).toBe('draft');
      expect(narrowed).toEqual(governing);
    }
    // The outage ticket: its own first response, the network's next response and escalation threshold.
    expect(draft('outage')).toMatchObject({
      categoryTargets: { outage: { firstResponseMinutes: 5, nextResponseMinutes: 50, resolutionMinutes: 1000 } },
      escalationThresholdMinutes: 120,
    });
    expect(draft('outage')).toBe(draft('outage'));
  });

  it('validates a draft like a saved policy, applied per category or as written', () => {
    const backwards = {
      ...TREE.policies.vip!.definition,
      timings: { firstReminderAfterMs: 9e8, secondReminderAfterMs: 1e8 },
    };
    expect(() => draftSlaTerms(TREE, backwards)).toThrow(/must increase/);
    expect(() => draftSlaPolicy(TREE, backwards)).toThrow(/must increase/);
  });
});
