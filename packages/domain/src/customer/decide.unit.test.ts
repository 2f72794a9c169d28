import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { PUSH_SUBSCRIPTION_LIMIT } from '../shared/push.js';
import { codeOf, pushSubscription } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { type CustomerCommand, type CustomerEvent, customerDecider } from './index.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const ana: Actor = { id: 'cust-1', role: 'customer' };
const register: CustomerCommand = { type: 'RegisterCustomer', data: { customerId: 'cust-1', name: 'Ana' } };

function when(history: readonly CustomerEvent[], command: CustomerCommand, actor: Actor = ana) {
  return deciderSpec(customerDecider).given(history).when(command, { now, actor }).events();
}

describe('customer profile', () => {
  const registered = when([], register);

  it('registers with the default preference `both`', () => {
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({
      type: 'CustomerRegistered',
      data: { deliveryPreference: 'both', at: now.toISOString() },
    });
    expect(fold(customerDecider, registered).profile?.deliveryPreference).toBe('both');
  });

  it('updates the profile field by field (null clears), and an update that changes nothing yields nothing', () => {
    const update = (data: Record<string, unknown>): CustomerCommand =>
      ({ type: 'UpdateCustomerProfile', data: { customerId: 'cust-1', ...data } }) as CustomerCommand;
    const updated = when(registered, update({ company: 'Acme', plan: 'premium', email: 'ana@example.com' }), {
      id: 'agent-1',
      role: 'agent',
    });
    expect(updated).toMatchObject([
      {
        type: 'CustomerProfileUpdated',
        data: { name: 'Ana', company: 'Acme', plan: 'premium', email: 'ana@example.com', language: null },
      },
    ]);
    const history = [...registered, ...updated];
    expect(when(history, update({ company: 'Acme' }))).toEqual([]);
    const cleared = when(history, update({ company: null }));
    expect(fold(customerDecider, [...history, ...cleared]).profile).toMatchObject({ company: null, plan: 'premium' });
    expect(fold(customerDecider, registered).profile?.registeredAt).toBe(now.toISOString());
    expect(codeOf(() => when(history, update({ email: 'nope' })))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when(history, update({ plan: 'x' }), { id: 'cust-2', role: 'customer' }))).toBe('FORBIDDEN');
    expect(codeOf(() => when([], update({ plan: 'x' })))).toBe('NOT_FOUND');
  });

  it('keeps a phone number on file in international form, cleared with null', () => {
    const withPhone = when([], {
      type: 'RegisterCustomer',
      data: { customerId: 'cust-1', name: 'Ana', phone: '+33 (1) 23-45.67.89' },
    });
    expect(withPhone[0]).toMatchObject({ type: 'CustomerRegistered', data: { phone: '+33123456789' } });
    expect(fold(customerDecider, withPhone).profile?.phone).toBe('+33123456789');
    expect(fold(customerDecider, registered).profile?.phone).toBeNull();
    const update = (phone: string | null): CustomerCommand => ({
      type: 'UpdateCustomerProfile',
      data: { customerId: 'cust-1', phone },
    });
    expect(when(withPhone, update('+33 1 23 45 67 89'))).toEqual([]);
    const changed = when(withPhone, update('+1 415 555 0100'));
    expect(changed).toMatchObject([{ type: 'CustomerProfileUpdated', data: { phone: '+14155550100', name: 'Ana' } }]);
    const cleared = when([...withPhone, ...changed], update(null));
    expect(fold(customerDecider, [...withPhone, ...changed, ...cleared]).profile?.phone).toBeNull();
    expect(codeOf(() => when(withPhone, update('01 23 45 67 89')))).toBe('VALIDATION_FAILED');
    // An update recorded before profiles held a number leaves the one on file as it was.
    const { phone: _omitted, ...older } = changed[0]!.data as Record<string, unknown>;
    const legacy = { ...changed[0]!, data: older } as CustomerEvent;
    expect(fold(customerDecider, [...withPhone, legacy]).profile?.phone).toBe('+33123456789');
  });

  it('keeps the time zone the customer lives in, as the time-zone database spells it; an unknown one is refused', () => {
    const withZone = when([], {
      type: 'RegisterCustomer',
      data: { customerId: 'cust-1', name: 'Ana', timeZone: 'europe/paris' },
    });
    expect(withZone[0]).toMatchObject({ type: 'CustomerRegistered', data: { timeZone: 'Europe/Paris' } });
    expect(fold(customerDecider, withZone).profile?.timeZone).toBe('Europe/Paris');
    expect(fold(customerDecider, registered).profile?.timeZone).toBeNull();
    const update = (timeZone: string | null): CustomerCommand => ({
      type: 'UpdateCustomerProfile',
      data: { customerId: 'cust-1', timeZone },
    });
    expect(when(withZone, update('Europe/Paris'))).toEqual([]);
    const moved = when(withZone, update('America/Montreal'));
    expect(moved).toMatchObject([{ type: 'CustomerProfileUpdated', data: { timeZone: 'America/Montreal' } }]);
    const cleared = when([...withZone, ...moved], update(null));
    expect(fold(customerDecider, [...withZone, ...moved, ...cleared]).profile?.timeZone).toBeNull();
    expect(codeOf(() => when(withZone, update('Mars/Olympus_Mons')))).toBe('UNKNOWN_TIME_ZONE');
    expect(
      codeOf(() =>
        when([], { type: 'RegisterCustomer', data: { customerId: 'cust-1', name: 'Ana', timeZone: 'UTC+25' } }),
      ),
    ).toBe('UNKNOWN_TIME_ZONE');
    // An update recorded before profiles held a zone leaves the one on file as it was.
    const { timeZone: _omitted, ...older } = moved[0]!.data as Record<string, unknown>;
    const legacy = { ...moved[0]!, data: older } as CustomerEvent;
    expect(fold(customerDecider, [...withZone, legacy]).profile?.timeZone).toBe('Europe/Paris');
  });

  it("leaves the plan and an import's 'customer since' to staff, the date in the past only", () => {
    const staff: Actor = { id: 'agent-1', role: 'agent' };
    const imported = (data: Record<string, unknown>, actor: Actor = staff) =>
      when(
        [],
        { type: 'RegisterCustomer', data: { customerId: 'cust-1', name: 'Ana', ...data } } as CustomerCommand,
        actor,
      );
    const since = '2019-05-01T00:00:00.000Z';
    const events = imported({ plan: 'premium', customerSince: since });
    expect(fold(customerDecider, events).profile).toMatchObject({ plan: 'premium', registeredAt: since });
    // A date not before the registration is the registration itself.
    expect(imported({ customerSince: now.toISOString() })[0]!.data).not.toHaveProperty('customerSince');
    expect(codeOf(() => imported({ customerSince: '2030-01-01T00:00:00.000Z' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => imported({ plan: 'premium' }, ana))).toBe('FORBIDDEN');
    expect(codeOf(() => imported({ customerSince: since }, ana))).toBe('FORBIDDEN');
    const update = (plan: string | null, actor: Actor) =>
      when(events, { type: 'UpdateCustomerProfile', data: { customerId: 'cust-1', plan } }, actor);
    expect(codeOf(() => update('enterprise', ana))).toBe('FORBIDDEN');
    expect(codeOf(() => update(null, ana))).toBe('FORBIDDEN');
    // Naming the plan they have changes nothing, so a customer's form sent back whole still works.
    expect(update('premium', ana)).toEqual([]);
    // In any case or spacing, as plans compare; staff may respell it.
    expect(update(' PREMIUM ', ana)).toEqual([]);
    expect(update('Premium', staff)).toMatchObject([{ data: { plan: 'Premium' } }]);
    expect(update('enterprise', staff)).toHaveLength(1);
  });

  it('refuses a second registration and unknown customers', () => {
    expect(codeOf(() => when(registered, register))).toBe('ALREADY_EXISTS');
    const change: CustomerCommand = {
      type: 'SetDeliveryPreference',
      data: { customerId: 'cust-1', preference: 'none' },
    };
    expect(codeOf(() => when([], change))).toBe('NOT_FOUND');
  });

  it('changes the preference, and repeating it yields nothing', () => {
    const change: CustomerCommand = {
      type: 'SetDeliveryPreference',
      data: { customerId: 'cust-1', preference: 'email_only' },
    };
    const changed = when(registered, change);
    expect(changed).toEqual([
      expect.objectContaining({
        type: 'CustomerDeliveryPreferenceChanged',
        data: expect.objectContaining({ previous: 'both', preference: 'email_only' }),
      }),
    ]);
    expect(when([...registered, ...changed], change)).toEqual([]);
  });

  it('lets only the customer, staff or the system act on a profile', () => {
    const other: Actor = { id: 'cust-2', role: 'customer' };
    expect(codeOf(() => when([], register, other))).toBe('FORBIDDEN');
    expect(codeOf(() => when([], register, { id: 'aud', role: 'auditor' }))).toBe('FORBIDDEN');
    expect(when([], register, { id: 'ag', role: 'agent' })).toHaveLength(1);
  });

  it('rejects malformed input with VALIDATION_FAILED', () => {
    const bad = {
      type: 'RegisterCustomer',
      data: { customerId: 'cust-1', name: 'Ana', email: 'not-an-email' },
    } as CustomerCommand;
    expect(codeOf(() => when([], bad))).toBe('VALIDATION_FAILED');
  });
});

describe('customer push subscriptions', () => {
  const subscribe = (n: number, customerId = 'cust-1'): CustomerCommand => ({
    type: 'RegisterCustomerPushSubscription',
    data: { customerId, subscription: pushSubscription(n) },
  });
  const remove = (endpoint: string): CustomerCommand => ({
    type: 'RemoveCustomerPushSubscription',
    data: { customerId: 'cust-1', endpoint },
  });

  it('records a subscription without needing a profile, and a repeat is a no-op', () => {
    const first = when([], subscribe(1));
    expect(first).toEqual([
      expect.objectContaining({
        type: 'CustomerPushSubscribed',
        data: expect.objectContaining({ customerId: 'cust-1' }),
      }),
    ]);
    expect(fold(customerDecider, first).pushSubscriptions).toEqual([pushSubscription(1)]);
    expect(when(first, subscribe(1))).toEqual([]);
  });

  it(`holds at most ${PUSH_SUBSCRIPTION_LIMIT}, and makes room when one is removed`, () => {
    const history: CustomerEvent[] = [];
    for (let n = 0; n < PUSH_SUBSCRIPTION_LIMIT; n++) history.push(...when(history, subscribe(n)));
    expect(fold(customerDecider, history).pushSubscriptions).toHaveLength(PUSH_SUBSCRIPTION_LIMIT);
    expect(codeOf(() => when(history, subscribe(99)))).toBe('PUSH_SUBSCRIPTION_LIMIT_REACHED');
    // A held endpoint is still a no-op at the limit, not a refusal.
    expect(when(history, subscribe(0))).toEqual([]);
    const removed = when(history, remove('https://push.example/3'));
    expect(removed).toEqual([
      expect.objectContaining({
        type: 'CustomerPushUnsubscribed',
        data: expect.objectContaining({ endpoint: 'https://push.example/3' }),
      }),
    ]);
    expect(when([...history, ...removed], subscribe(99))).toHaveLength(1);
  });

  it('removes by the normalised endpoint, and removing one not held yields nothing', () => {
    const held = when([], subscribe(1));
    expect(when(held, remove('HTTPS://PUSH.example/1'))).toHaveLength(1);
    expect(when(held, remove('https://push.example/2'))).toEqual([]);
  });

  it('lets only the customer or the system add one; staff may remove one', () => {
    const agent: Actor = { id: 'ag', role: 'agent' };
    expect(codeOf(() => when([], subscribe(1), agent))).toBe('FORBIDDEN');
    expect(codeOf(() => when([], subscribe(1, 'cust-2')))).toBe('FORBIDDEN');
    expect(when([], subscribe(1), { id: 'sys', role: 'system' })).toHaveLength(1);
    expect(when(when([], subscribe(1)), remove('https://push.example/1'), agent)).toHaveLength(1);
  });

  it('refuses malformed subscriptions with VALIDATION_FAILED', () => {
    const good = pushSubscription(1);
    for (const subscription of [
      { ...good, endpoint: 'ftp://push.example/1' },
      { ...good, endpoint: 'https://user:pw@push.example/1' },
      { ...good, keys: { ...good.keys, auth: 'short' } },
      { ...good, keys: { ...good.keys, p256dh: `${good.keys.p256dh.slice(1)}+` } },
    ]) {
      const command = { type: 'RegisterCustomerPushSubscription', data: { customerId: 'cust-1', subscription } };
      expect(codeOf(() => when([], command as CustomerCommand))).toBe('VALIDATION_FAILED');
    }
  });
});
