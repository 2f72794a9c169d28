import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerCaseChar, planKey, samePlan } from './plan.js';

describe('planKey', () => {
  it('ignores case and surrounding white space, keeping the space inside', () => {
    expect(planKey('  Premium Plus\t')).toBe('premium plus');
    expect(planKey('\u00a0ÉLITE\u3000')).toBe('élite');
    expect(samePlan('Premium', ' premium ')).toBe(true);
    expect(samePlan('Premium', 'Premium Plus')).toBe(false);
    expect(samePlan(null, 'premium')).toBe(false);
    expect(samePlan(null, null)).toBe(true);
  });

  it('folds each character on its own, never into two, so a database can do the same', () => {
    expect(lowerCaseChar('Σ')).toBe('σ');
    expect(planKey('ΟΔΟΣ')).toBe('οδοσ'); // no final-sigma rule: it depends on the neighbours
    expect(lowerCaseChar('İ')).toBe('İ'); // its lower case is two characters
    expect(planKey('GOLD İ')).toBe('gold İ');
  });

  it('is idempotent and keeps the length of the trimmed plan', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (plan) => {
        const key = planKey(plan);
        expect(planKey(key)).toBe(key);
        expect([...key].length).toBe([...plan.trim()].length);
      }),
    );
  });

  it('names one plan whatever the case it is written in', () => {
    fc.assert(
      fc.property(fc.string(), (plan) => {
        expect(samePlan(plan.toUpperCase(), ` ${plan.toLowerCase()} `)).toBe(true);
      }),
    );
  });
});
