import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { codeOf } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { isEmailDeliverable, standingBounce } from './email-bounce.js';
import { type CustomerCommand, type CustomerEvent, customerDecider } from './index.js';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const system: Actor = { id: 'mail-in', role: 'system' };
const agent: Actor = { id: 'agent-1', role: 'agent' };
const ana: Actor = { id: 'cust-1', role: 'customer' };

function when(history: readonly CustomerEvent[], command: CustomerCommand, actor: Actor = system) {
  return deciderSpec(customerDecider).given(history).when(command, { now: T0, actor }).events();
}
const registered = when(
  [],
  { type: 'RegisterCustomer', data: { customerId: 'cust-1', name: 'Ana', email: 'ana@example.com' } },
  agent,
);
const bounce = (address: string): CustomerCommand => ({
  type: 'RecordEmailBounce',
  data: { customerId: 'cust-1', address, reason: '550 5.1.1 no such user' },
});
const profileAfter = (history: readonly CustomerEvent[]) => fold(customerDecider, history).profile;

describe('a hard bounce of a customer address', () => {
  it('of the address the profile holds, in any case, marks it undeliverable', () => {
    const bounced = when(registered, bounce('ANA@Example.com'));
    expect(bounced).toMatchObject([
      { type: 'CustomerEmailBounced', data: { address: 'ana@example.com', reason: '550 5.1.1 no such user' } },
    ]);
    const profile = profileAfter([...registered, ...bounced]);
    expect(profile?.bouncedEmail).toBe('ana@example.com');
    expect(isEmailDeliverable(profile?.email, profile?.bouncedEmail)).toBe(false);
  });

  it('is recorded once: a second bounce of the same address adds nothing', () => {
    const history = [...registered, ...when(registered, bounce('ana@example.com'))];
    expect(when(history, bounce('ana@example.com'))).toEqual([]);
  });

  it('of an address the customer does not hold changes nothing', () => {
    expect(when(registered, bounce('old@example.com'))).toEqual([]);
  });

  it('is cleared by a change to another address, and kept by a respelling of the same one', () => {
    const history = [...registered, ...when(registered, bounce('ana@example.com'))];
    const respelled = when(
      history,
      {
        type: 'UpdateCustomerProfile',
        data: { customerId: 'cust-1', email: 'Ana@Example.com' },
      },
      agent,
    );
    expect(profileAfter([...history, ...respelled])?.bouncedEmail).toBe('ana@example.com');
    const changed = when(
      history,
      {
        type: 'UpdateCustomerProfile',
        data: { customerId: 'cust-1', email: 'ana@new.example' },
      },
      agent,
    );
    const profile = profileAfter([...history, ...changed]);
    expect(profile?.bouncedEmail).toBeNull();
    expect(isEmailDeliverable(profile?.email, profile?.bouncedEmail)).toBe(true);
  });

  it('is not the customer’s to record', () => {
    expect(codeOf(() => when(registered, bounce('ana@example.com'), ana))).toBe('FORBIDDEN');
  });
});

describe('standingBounce', () => {
  it('keeps a bounce only while the address is the same mailbox', () => {
    expect(standingBounce('a@x.test', 'A@X.test')).toBe('a@x.test');
    expect(standingBounce('a@x.test', 'b@x.test')).toBeNull();
    expect(standingBounce('a@x.test', null)).toBeNull();
    expect(standingBounce(null, 'a@x.test')).toBeNull();
  });
});
