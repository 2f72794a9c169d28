import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { codeOf } from '../shared/shared.fixture.js';
import { DAY_MS, HOUR_MS } from '../shared/time.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { type CustomerCommand, type CustomerEvent, customerDecider } from './index.js';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const ana: Actor = { id: 'cust-1', role: 'customer' };
const agent: Actor = { id: 'agent-1', role: 'agent' };
const at = (ms: number) => new Date(T0.getTime() + ms);

function when(history: readonly CustomerEvent[], command: CustomerCommand, actor: Actor = ana, now = T0) {
  return deciderSpec(customerDecider).given(history).when(command, { now, actor }).events();
}
const registered = when(
  [],
  { type: 'RegisterCustomer', data: { customerId: 'cust-1', name: 'Ana', email: 'ana@old.example' } },
  agent,
);
const setEmail = (email: string | null, extra: Record<string, unknown> = {}): CustomerCommand =>
  ({ type: 'UpdateCustomerProfile', data: { customerId: 'cust-1', email, ...extra } }) as CustomerCommand;
const confirm = (email: string, expiresAt: string): CustomerCommand => ({
  type: 'ConfirmCustomerEmail',
  data: { customerId: 'cust-1', email, expiresAt },
});
const profileAfter = (history: readonly CustomerEvent[]) => fold(customerDecider, history).profile;

describe('an address a customer gives themself', () => {
  const requested = when(registered, setEmail('ana@new.example', { company: 'Acme' }));
  const history = [...registered, ...requested];
  const expiresAt = at(DAY_MS).toISOString();

  it('is pending for a day: the profile keeps the confirmed address, other fields change at once', () => {
    expect(requested.map((event) => event.type)).toEqual(['CustomerProfileUpdated', 'CustomerEmailChangeRequested']);
    expect(requested[0]?.data).toMatchObject({ email: 'ana@old.example', company: 'Acme' });
    expect(requested[1]?.data).toMatchObject({ email: 'ana@new.example', expiresAt });
    expect(profileAfter(history)).toMatchObject({
      email: 'ana@old.example',
      company: 'Acme',
      pendingEmail: { email: 'ana@new.example', expiresAt },
    });
  });

  it('stays confirmable for the window the server gives', () => {
    const shorter = when(registered, setEmail('ana@new.example', { confirmWithinMs: HOUR_MS }));
    expect(shorter[0]?.data).toMatchObject({ expiresAt: at(HOUR_MS).toISOString() });
    expect(codeOf(() => when(registered, setEmail('a@b.example', { confirmWithinMs: 1 })))).toBe('VALIDATION_FAILED');
  });

  it('becomes the profile address once the customer confirms it before it expires', () => {
    const confirmed = when(history, confirm('ANA@new.example', expiresAt), ana, at(DAY_MS - 1));
    expect(confirmed).toMatchObject([
      { type: 'CustomerEmailConfirmed', data: { email: 'ana@new.example', previous: 'ana@old.example' } },
    ]);
    expect(profileAfter([...history, ...confirmed])).toMatchObject({ email: 'ana@new.example', pendingEmail: null });
  });

  it('is refused once expired (EMAIL_CONFIRMATION_EXPIRED)', () => {
    expect(codeOf(() => when(history, confirm('ana@new.example', expiresAt), ana, at(DAY_MS)))).toBe(
      'EMAIL_CONFIRMATION_EXPIRED',
    );
  });

  it('is refused for a link naming another address or request (EMAIL_CONFIRMATION_INVALID)', () => {
    expect(codeOf(() => when(history, confirm('eve@new.example', expiresAt)))).toBe('EMAIL_CONFIRMATION_INVALID');
    expect(codeOf(() => when(history, confirm('ana@new.example', at(HOUR_MS).toISOString())))).toBe(
      'EMAIL_CONFIRMATION_INVALID',
    );
    expect(codeOf(() => when(registered, confirm('ana@old.example', expiresAt)))).toBe('EMAIL_CONFIRMATION_INVALID');
  });

  it('works once: a replayed link, or one a newer request replaced, is refused', () => {
    const confirmed = [...history, ...when(history, confirm('ana@new.example', expiresAt))];
    expect(codeOf(() => when(confirmed, confirm('ana@new.example', expiresAt)))).toBe('EMAIL_CONFIRMATION_INVALID');
    const later = at(DAY_MS + HOUR_MS);
    const again = [...history, ...when(history, setEmail('ana@new.example'), ana, later)];
    expect(codeOf(() => when(again, confirm('ana@new.example', expiresAt), ana, later))).toBe(
      'EMAIL_CONFIRMATION_INVALID',
    );
  });

  it('is confirmed by the customer themself only', () => {
    for (const actor of [agent, { id: 'cust-2', role: 'customer' } as Actor, { id: 'sys', role: 'system' } as Actor])
      expect(codeOf(() => when(history, confirm('ana@new.example', expiresAt), actor))).toBe('FORBIDDEN');
  });

  it('is not requested again while still confirmable (a form sent back whole mails nothing), and is after', () => {
    expect(when(history, setEmail('ana@new.example'), ana, at(HOUR_MS))).toEqual([]);
    expect(when(history, setEmail('ana@new.example'), ana, at(DAY_MS))).toHaveLength(1);
  });

  it('is taken at once when it only respells the address held, and clearing is at once too', () => {
    expect(when(registered, setEmail('ANA@old.example'))).toMatchObject([
      { type: 'CustomerProfileUpdated', data: { email: 'ANA@old.example' } },
    ]);
    const cleared = when(history, setEmail(null));
    expect(profileAfter([...history, ...cleared])).toMatchObject({
      email: null,
      pendingEmail: { email: 'ana@new.example' },
    });
  });

  it('is pending too when a customer signs themself up with it', () => {
    const signUp = when([], {
      type: 'RegisterCustomer',
      data: { customerId: 'cust-1', name: 'Ana', email: 'ana@new.example' },
    });
    expect(signUp.map((event) => event.type)).toEqual(['CustomerRegistered', 'CustomerEmailChangeRequested']);
    expect(signUp[0]?.data).not.toHaveProperty('email');
    expect(profileAfter(signUp)).toMatchObject({ email: null, pendingEmail: { email: 'ana@new.example' } });
  });
});

describe('an address staff set', () => {
  it('is the profile address at once; what the customer asked for stays pending, theirs once confirmed', () => {
    const history = [...registered, ...when(registered, setEmail('ana@new.example'))];
    const set = when(history, setEmail('ana@staff.example'), agent);
    expect(set).toMatchObject([{ type: 'CustomerProfileUpdated', data: { email: 'ana@staff.example' } }]);
    expect(profileAfter([...history, ...set])).toMatchObject({
      email: 'ana@staff.example',
      pendingEmail: { email: 'ana@new.example' },
    });
  });
});
