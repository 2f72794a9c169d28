import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { CLAIM_LEASE_MS } from '../shared/claim-fence.js';
import { codeOf } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { type EmailClaimCommand, type EmailClaimEvent, emailClaimDecider, holdsEmail } from './email-claim.js';
import { initialCustomerState } from './state.js';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const AGENT: Actor = { id: 'agent-1', role: 'agent' };
const SYSTEM: Actor = { id: 'email-claims', role: 'system' };
const claim = (customerId: string, atVersion = 0, email = 'Ana@Example.com'): EmailClaimCommand => ({
  type: 'ClaimCustomerEmail',
  data: { email, customerId, atVersion },
});
const release = (customerId: string, customerVersion = 1): EmailClaimCommand => ({
  type: 'ReleaseCustomerEmail',
  data: { email: 'ana@example.com', customerId, customerVersion },
});
const decide = (history: readonly EmailClaimEvent[], command: EmailClaimCommand, actor = AGENT, now = T0) =>
  deciderSpec(emailClaimDecider).given(history).when(command, { now, actor }).events();

describe('an email claim (one customer per address)', () => {
  const held = decide([], claim('cust-1'));

  it('goes to the first customer, recorded lower-cased; the same customer claiming again records nothing', () => {
    expect(held).toEqual([
      {
        type: 'CustomerEmailClaimed',
        data: { at: T0.toISOString(), actor: AGENT, email: 'ana@example.com', customerId: 'cust-1', atVersion: 0 },
      },
    ]);
    expect(decide(held, claim('cust-1', 0, 'ana@example.com'))).toEqual([]);
  });

  it('refuses another customer while held (CUSTOMER_EMAIL_TAKEN), and lets them claim once released', () => {
    expect(codeOf(() => decide(held, claim('cust-2', 0, 'ANA@example.COM')))).toBe('CUSTOMER_EMAIL_TAKEN');
    const released = [...held, ...decide(held, release('cust-1'))];
    expect(released.at(-1)?.type).toBe('CustomerEmailReleased');
    expect(decide(released, claim('cust-2'))).toHaveLength(1);
  });

  it('names the holder to staff, never to a customer signing up', () => {
    const refusal = (actor: Actor) => {
      try {
        decide(held, claim('cust-2'), actor);
      } catch (error) {
        return error as { message: string; details?: Record<string, unknown> };
      }
      throw new Error('not refused');
    };
    expect(refusal(AGENT).details).toEqual({ email: 'Ana@Example.com', customerId: 'cust-1' });
    const toCustomer = refusal({ id: 'cust-2', role: 'customer' });
    expect(toCustomer.details).toEqual({ email: 'Ana@Example.com' });
    expect(toCustomer.message).not.toContain('cust-1');
  });

  it('lets a customer claim only for themself', () => {
    expect(codeOf(() => decide([], claim('cust-2'), { id: 'cust-1', role: 'customer' }))).toBe('FORBIDDEN');
    expect(codeOf(() => decide([], claim('cust-2'), { id: 'aud-1', role: 'auditor' }))).toBe('FORBIDDEN');
    expect(decide([], claim('cust-2'), { id: 'cust-2', role: 'customer' })).toHaveLength(1);
  });

  it("fences releases: kept while a command decided at the customer's version may still append", () => {
    const atThree = [...held, ...decide(held, claim('cust-1', 3))];
    expect(atThree).toHaveLength(2);
    expect(decide(atThree, claim('cust-1', 2))).toEqual([]);
    expect(decide(atThree, release('cust-1', 3))).toEqual([]);
    expect(decide(atThree, release('cust-1', 4))).toHaveLength(1);
  });

  it('lets a claim whose command died go once its lease lapses; a release by another customer records nothing', () => {
    const later = new Date(T0.getTime() + CLAIM_LEASE_MS);
    expect(decide(held, release('cust-1', 0))).toEqual([]);
    expect(decide(held, release('cust-2', 9), SYSTEM, later)).toEqual([]);
    expect(decide(held, release('cust-1', 0), SYSTEM, later)).toHaveLength(1);
  });
});

describe('holdsEmail', () => {
  it("compares the profile's address without regard to case", () => {
    const profile = { ...initialCustomerState, profile: { email: 'Ana@Example.com' } } as never;
    expect(holdsEmail(profile, 'ana@example.COM')).toBe(true);
    expect(holdsEmail(profile, 'ana@example.org')).toBe(false);
    expect(holdsEmail(initialCustomerState, 'ana@example.com')).toBe(false);
  });
});
