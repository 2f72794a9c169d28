import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { codeOf } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import {
  isEmailDeliverable,
  recentSoftBounces,
  SOFT_BOUNCE_LIMIT,
  SOFT_BOUNCE_WINDOW_MS,
  softBouncesCountAsHard,
} from './email-bounce.js';
import { type CustomerCommand, type CustomerEvent, customerDecider } from './index.js';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const system: Actor = { id: 'mail-in', role: 'system' };
const agent: Actor = { id: 'agent-1', role: 'agent' };
const ana: Actor = { id: 'cust-1', role: 'customer' };

const at = (ms: number) => new Date(T0.getTime() + ms);
function when(history: readonly CustomerEvent[], command: CustomerCommand, now = T0, actor: Actor = system) {
  return deciderSpec(customerDecider).given(history).when(command, { now, actor }).events();
}
const registered = when(
  [],
  { type: 'RegisterCustomer', data: { customerId: 'cust-1', name: 'Ana', email: 'ana@example.com' } },
  T0,
  agent,
);
const softBounce = (address = 'ana@example.com'): CustomerCommand => ({
  type: 'RecordEmailSoftBounce',
  data: { customerId: 'cust-1', address, reason: '452 4.2.2 mailbox full' },
});
/** The history after soft bounces at each of `offsets` (ms after T0). */
function softBounced(offsets: readonly number[], history: readonly CustomerEvent[] = registered): CustomerEvent[] {
  const events = [...history];
  for (const offset of offsets) events.push(...when(events, softBounce(), at(offset)));
  return events;
}
const profileAfter = (history: readonly CustomerEvent[]) => fold(customerDecider, history).profile;

describe('softBouncesCountAsHard', () => {
  it(`counts ${SOFT_BOUNCE_LIMIT} soft bounces within the window as a hard one`, () => {
    const times = [0, DAY, 2 * DAY].map((ms) => at(ms).toISOString());
    expect(softBouncesCountAsHard(times.slice(0, SOFT_BOUNCE_LIMIT - 1), at(2 * DAY))).toBe(false);
    expect(softBouncesCountAsHard(times, at(2 * DAY))).toBe(true);
  });

  it('forgets soft bounces older than the window', () => {
    const times = [0, SOFT_BOUNCE_WINDOW_MS, SOFT_BOUNCE_WINDOW_MS + DAY].map((ms) => at(ms).toISOString());
    expect(recentSoftBounces(times, at(SOFT_BOUNCE_WINDOW_MS + DAY))).toEqual(times.slice(1));
    expect(softBouncesCountAsHard(times, at(SOFT_BOUNCE_WINDOW_MS + DAY))).toBe(false);
  });
});

describe('a soft bounce of a customer address', () => {
  it('is recorded, and the address is still mailed', () => {
    const bounced = when(registered, softBounce('ANA@Example.com'));
    expect(bounced).toMatchObject([
      { type: 'CustomerEmailSoftBounced', data: { address: 'ana@example.com', reason: '452 4.2.2 mailbox full' } },
    ]);
    const profile = profileAfter([...registered, ...bounced]);
    expect(profile?.softBounces).toEqual([T0.toISOString()]);
    expect(isEmailDeliverable(profile?.email, profile?.bouncedEmail)).toBe(true);
  });

  it(`marks the address undeliverable at the ${SOFT_BOUNCE_LIMIT}rd within a week`, () => {
    const history = softBounced([0, 2 * DAY]);
    const third = when(history, softBounce(), at(6 * DAY));
    expect(third.map((event) => event.type)).toEqual(['CustomerEmailSoftBounced', 'CustomerEmailBounced']);
    expect(third[1]).toMatchObject({
      data: { address: 'ana@example.com', reason: expect.stringContaining('mailbox full') },
    });
    const profile = profileAfter([...history, ...third]);
    expect(isEmailDeliverable(profile?.email, profile?.bouncedEmail)).toBe(false);
    // Marked: further soft bounces record nothing.
    expect(when([...history, ...third], softBounce(), at(6 * DAY + 1))).toEqual([]);
  });

  it('does not mark it when the soft bounces are spread over more than a week', () => {
    const history = softBounced([0, 4 * DAY]);
    expect(when(history, softBounce(), at(SOFT_BOUNCE_WINDOW_MS + DAY)).map((event) => event.type)).toEqual([
      'CustomerEmailSoftBounced',
    ]);
  });

  it('starts counting again after a change to another address', () => {
    const history = softBounced([0, DAY]);
    const changed = when(
      history,
      { type: 'UpdateCustomerProfile', data: { customerId: 'cust-1', email: 'ana@new.example' } },
      at(DAY),
      agent,
    );
    expect(profileAfter([...history, ...changed])?.softBounces).toEqual([]);
    const next = when([...history, ...changed], softBounce('ana@new.example'), at(2 * DAY));
    expect(next.map((event) => event.type)).toEqual(['CustomerEmailSoftBounced']);
  });

  it('of an address the customer does not hold changes nothing', () => {
    expect(when(registered, softBounce('old@example.com'))).toEqual([]);
  });

  it('is not the customer’s to record', () => {
    expect(codeOf(() => when(registered, softBounce(), T0, ana))).toBe('FORBIDDEN');
  });
});
