import { describe, expect, it } from 'vitest';
import { draftOf, policyInputOf } from './policy.ts';

const targets = (first: number) => ({ firstResponseMinutes: first, nextResponseMinutes: 120, resolutionMinutes: 960 });
const STORED = {
  name: 'Standard',
  calendarId: 'business-hours',
  targets: { low: targets(480), normal: targets(240), high: targets(60), urgent: targets(15) },
  categoryTargets: { billing: { firstResponseMinutes: 30 } },
  warnAtFraction: 0.75,
  complianceGoal: 0.9,
  callbackTargetMinutes: 30,
};

describe("the SLA policy's form", () => {
  it('gives back the stored definition as the API takes it when nothing is changed', () => {
    expect(policyInputOf(draftOf(STORED))).toEqual({
      input: {
        ...STORED,
        categoryTargets: [{ category: 'billing', firstResponseMinutes: 30 }],
      },
    });
  });

  it('sends what was typed, and keeps what the form does not show', () => {
    const draft = draftOf(STORED);
    draft.targets.normal.firstResponseMinutes = '90';
    draft.warnAtPercent = '70';
    draft.escalationThresholdMinutes = '600';
    draft.complianceGoalPercent = '';
    const built = policyInputOf(draft);
    expect(built).toMatchObject({
      input: {
        targets: { normal: { firstResponseMinutes: 90 } },
        warnAtFraction: 0.7,
        escalationThresholdMinutes: 600,
        callbackTargetMinutes: 30,
        categoryTargets: [{ category: 'billing', firstResponseMinutes: 30 }],
      },
    });
    expect('input' in built && 'complianceGoal' in built.input).toBe(false);
  });

  it('names each field that is wrong, and sends nothing then', () => {
    const draft = draftOf(STORED);
    draft.name = ' ';
    draft.targets.urgent.resolutionMinutes = '0';
    draft.targets.low.nextResponseMinutes = 'soon';
    draft.warnAtPercent = '100';
    expect(policyInputOf(draft)).toEqual({
      problems: {
        name: 'admin.invalid.required',
        'urgent.resolutionMinutes': 'admin.invalid.range',
        'low.nextResponseMinutes': 'admin.invalid.wholeNumber',
        warnAtPercent: 'admin.invalid.range',
      },
    });
  });
});
