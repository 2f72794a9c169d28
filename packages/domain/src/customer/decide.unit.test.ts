import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { DomainError } from '../shared/errors.js';
import { type CustomerCommand, type CustomerEvent, customerDecider } from './index.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const ana: Actor = { id: 'cust-1', role: 'customer' };
const register: CustomerCommand = { type: 'RegisterCustomer', data: { customerId: 'cust-1', name: 'Ana' } };

function when(history: readonly CustomerEvent[], command: CustomerCommand, actor: Actor = ana) {
  return customerDecider.decide(command, fold(customerDecider, history), { now, actor });
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe('customer profile', () => {
  const registered = when([], register);

  it('registers with the default preference `both`', () => {
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({
      type: 'CustomerRegistered',
      data: { deliveryPreference: 'both', at: now.toISOString() },
    });
    expect(fold(customerDecider, registered)?.deliveryPreference).toBe('both');
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
