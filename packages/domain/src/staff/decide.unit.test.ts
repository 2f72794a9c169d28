import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { PUSH_SUBSCRIPTION_LIMIT } from '../shared/push.js';
import { codeOf, pushSubscription } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { type StaffCommand, type StaffEvent, staffDecider } from './index.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const sam: Actor = { id: 'ag-sam', role: 'agent' };
const lead: Actor = { id: 'sup-1', role: 'supervisor' };

function when(history: readonly StaffEvent[], command: StaffCommand, actor: Actor = sam) {
  return deciderSpec(staffDecider).given(history).when(command, { now, actor }).events();
}

const profile = (data: Partial<Extract<StaffCommand, { type: 'SetStaffProfile' }>['data']> = {}): StaffCommand => ({
  type: 'SetStaffProfile',
  data: { staffId: 'ag-sam', name: 'Sam', ...data },
});

describe('staff profile', () => {
  const set = when([], profile());

  it('records the whole profile, alerting in the inbox only and in no group by default', () => {
    expect(set).toEqual([
      {
        type: 'StaffProfileSet',
        data: { staffId: 'ag-sam', name: 'Sam', channels: ['web'], groups: [], at: now.toISOString(), actor: sam },
      },
    ]);
    expect(fold(staffDecider, set).profile).toEqual({
      staffId: 'ag-sam',
      name: 'Sam',
      email: null,
      language: null,
      timeZone: null,
      channels: ['web'],
      groups: [],
    });
  });

  it('records the time zone as the time-zone database spells it, and refuses one it does not know', () => {
    const zoned = when([], profile({ timeZone: ' europe/paris ' }));
    expect(zoned[0]?.data).toMatchObject({ timeZone: 'Europe/Paris' });
    expect(fold(staffDecider, zoned).profile?.timeZone).toBe('Europe/Paris');
    expect(when(zoned, profile({ timeZone: 'Europe/Paris' }))).toEqual([]);
    expect(codeOf(() => when([], profile({ timeZone: 'Mars/Olympus' })))).toBe('UNKNOWN_TIME_ZONE');
    expect(fold(staffDecider, [...zoned, ...when(zoned, profile())]).profile?.timeZone).toBeNull();
  });

  it('yields nothing when the profile is already that one, in any order of channels', () => {
    const email = 'sam@example.com';
    const withChannels = when([], profile({ email, channels: ['push', 'web', 'email', 'web'] }));
    expect(withChannels[0]?.data).toMatchObject({ channels: ['email', 'push', 'web'] });
    expect(when(withChannels, profile({ email, channels: ['web', 'email', 'push'] }))).toEqual([]);
    expect(when(set, profile())).toEqual([]);
  });

  it('replaces the profile whole: a field left out is cleared', () => {
    const withEmail = when([], profile({ email: 'sam@example.com', language: 'fr' }));
    const cleared = when(withEmail, profile());
    expect(cleared).toHaveLength(1);
    expect(fold(staffDecider, [...withEmail, ...cleared]).profile).toMatchObject({ email: null, language: null });
  });

  it('lets staff set their own profile, but only leads and the system change alert groups', () => {
    expect(codeOf(() => when([], profile({ groups: ['on_call'] })))).toBe('FORBIDDEN');
    const onCall = when([], profile({ groups: ['on_call', 'supervisors', 'on_call'] }), lead);
    expect(onCall[0]?.data).toMatchObject({ groups: ['on_call', 'supervisors'], actor: lead });
    // Keeping the groups a lead gave is fine; leaving one is not.
    expect(when(onCall, profile({ name: 'Samuel', groups: ['supervisors', 'on_call'] }))).toHaveLength(1);
    expect(codeOf(() => when(onCall, profile({ name: 'Samuel' })))).toBe('FORBIDDEN');
    expect(when([], profile({ groups: ['on_call'] }), { id: 'sys', role: 'system' })).toHaveLength(1);
  });

  it("refuses other people's profiles to staff, and everything to customers and auditors", () => {
    expect(codeOf(() => when([], profile(), { id: 'ag-other', role: 'agent' }))).toBe('FORBIDDEN');
    expect(codeOf(() => when([], profile(), { id: 'ag-sam', role: 'customer' }))).toBe('FORBIDDEN');
    expect(codeOf(() => when([], profile(), { id: 'aud', role: 'auditor' }))).toBe('FORBIDDEN');
  });

  it('rejects malformed input with VALIDATION_FAILED', () => {
    expect(codeOf(() => when([], profile({ email: 'nope' })))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when([], profile({ channels: ['sms' as 'web'] })))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when([], profile({ groups: ['admins' as 'on_call'] }), lead))).toBe('VALIDATION_FAILED');
  });

  it('refuses a profile that would leave its owner unreachable: no channel, or mail without an address', () => {
    expect(codeOf(() => when([], profile({ channels: [] })))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when([], profile({ channels: ['email'] })))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when([], profile({ channels: ['web', 'email'] }), lead))).toBe('VALIDATION_FAILED');
    expect(when([], profile({ channels: ['email'], email: 'sam@example.com' }))).toHaveLength(1);
    expect(when([], profile({ channels: ['push'] }))).toHaveLength(1);
  });
});

describe('staff push subscriptions', () => {
  const subscribe = (n: number): StaffCommand => ({
    type: 'RegisterStaffPushSubscription',
    data: { staffId: 'ag-sam', subscription: pushSubscription(n) },
  });
  const remove = (n: number): StaffCommand => ({
    type: 'RemoveStaffPushSubscription',
    data: { staffId: 'ag-sam', endpoint: pushSubscription(n).endpoint },
  });

  it('records one per endpoint; a repeat and removing one not held yield nothing', () => {
    const first = when([], subscribe(1));
    expect(first).toEqual([
      expect.objectContaining({ type: 'StaffPushSubscribed', data: expect.objectContaining({ staffId: 'ag-sam' }) }),
    ]);
    expect(when(first, subscribe(1))).toEqual([]);
    expect(when(first, remove(2))).toEqual([]);
    const removed = when(first, remove(1));
    expect(removed).toEqual([expect.objectContaining({ type: 'StaffPushUnsubscribed' })]);
    expect(fold(staffDecider, [...first, ...removed]).pushSubscriptions).toEqual([]);
  });

  it(`holds at most ${PUSH_SUBSCRIPTION_LIMIT}`, () => {
    const history: StaffEvent[] = [];
    for (let n = 0; n < PUSH_SUBSCRIPTION_LIMIT; n++) history.push(...when(history, subscribe(n)));
    expect(codeOf(() => when(history, subscribe(PUSH_SUBSCRIPTION_LIMIT)))).toBe('PUSH_SUBSCRIPTION_LIMIT_REACHED');
    expect(when(history, subscribe(0))).toEqual([]);
  });

  it('lets only the staff member or the system add one; leads may remove one', () => {
    expect(codeOf(() => when([], subscribe(1), lead))).toBe('FORBIDDEN');
    expect(when([], subscribe(1), { id: 'sys', role: 'system' })).toHaveLength(1);
    const held = when([], subscribe(1));
    expect(when(held, remove(1), lead)).toHaveLength(1);
    expect(codeOf(() => when(held, remove(1), { id: 'ag-other', role: 'agent' }))).toBe('FORBIDDEN');
  });
});
