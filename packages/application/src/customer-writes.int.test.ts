import { type Actor, CLAIM_LEASE_MS, streamId } from '@support-engine/domain';
import {
  type CustomerCommand,
  customerDecider,
  emailClaimDecider,
  emailClaimId,
} from '@support-engine/domain/customer';
import { type CommandHandler, createCommandHandler, type DomainEvent } from '@support-engine/eventstore';
import type { PostgresEventStore } from '@support-engine/eventstore-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimTestStore, eventCount, foldedStream, leaveDeadClaim, outcomeOf, registry } from './claims.fixture.js';
import { createCustomerWrites } from './customer-writes.js';

// One customer per email address across customer streams: claims on `custemail` streams, fenced
// by the customer version each command was decided at. Races on a real PostgreSQL store.

const ADMIN: Actor = { id: 'admin-1', role: 'admin' };
const clock = { now: new Date('2026-01-05T09:00:00.000Z') };
let store: PostgresEventStore;
let writes: CommandHandler<CustomerCommand, DomainEvent>;
let sequence = 0;

const send = (command: CustomerCommand, actor = ADMIN, commandId = `test-${++sequence}`) =>
  writes.handle({
    streamId: streamId('customer', command.data.customerId),
    command,
    commandId,
    context: { now: clock.now, actor },
  });
const register = (customerId: string, email?: string, actor = ADMIN) =>
  send({ type: 'RegisterCustomer', data: { customerId, name: `Name of ${customerId}`, email } }, actor);
const changeEmail = (customerId: string, email: string | null, actor = ADMIN) =>
  send({ type: 'UpdateCustomerProfile', data: { customerId, email } }, actor);

const holderOf = async (email: string) =>
  (await foldedStream(store, streamId('custemail', emailClaimId(email)), emailClaimDecider)).holder;
const profileOf = async (customerId: string) =>
  (await foldedStream(store, streamId('customer', customerId), customerDecider)).profile;
const codeOf = outcomeOf;

beforeAll(async () => {
  store = await claimTestStore('customer_writes', clock);
  const customers = createCommandHandler({ store, registry, decider: customerDecider });
  writes = createCustomerWrites({ store, registry, customers });
});

afterAll(async () => {
  await store.close();
});

describe('customer emails across streams', () => {
  it('gives an address raced for by many new customers (in any case) to exactly one of them', async () => {
    for (let round = 0; round < 10; round++) {
      const ids = Array.from({ length: 6 }, (_, i) => `race-${round}-${i}`);
      const spellings = ids.map((_, i) => (i % 2 ? `Race${round}@Example.com` : `race${round}@example.COM`));
      const outcomes = await Promise.all(ids.map((id, i) => codeOf(register(id, spellings[i]))));
      expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome !== 'ok').every((code) => code === 'CUSTOMER_EMAIL_TAKEN')).toBe(
        true,
      );
      const winner = ids[outcomes.indexOf('ok')]!;
      expect(await holderOf(`race${round}@example.com`)).toBe(winner);
      for (const loser of ids.filter((id) => id !== winner)) expect(await profileOf(loser)).toBeNull();
    }
  });

  it('refuses a taken address before writing anything, on registration and on a profile update', async () => {
    await register('holder', 'held@example.com');
    await register('other', 'other@example.com');
    const before = await eventCount(store);
    expect(await codeOf(register('late', 'HELD@example.com'))).toBe('CUSTOMER_EMAIL_TAKEN');
    expect(await codeOf(changeEmail('other', 'held@example.com'))).toBe('CUSTOMER_EMAIL_TAKEN');
    expect(await eventCount(store)).toBe(before);
    expect((await profileOf('other'))?.email).toBe('other@example.com');
  });

  it('frees the old address when a customer changes or clears it', async () => {
    await register('mover', 'first@example.com');
    await changeEmail('mover', 'second@example.com');
    expect(await holderOf('first@example.com')).toBeNull();
    expect(await holderOf('second@example.com')).toBe('mover');
    expect(await codeOf(register('taker', 'first@example.com'))).toBe('ok');
    await changeEmail('mover', null);
    expect(await holderOf('second@example.com')).toBeNull();
    // A change of case keeps the address: nothing to claim or give back.
    await changeEmail('taker', 'First@Example.com');
    expect(await holderOf('first@example.com')).toBe('taker');
    expect((await profileOf('taker'))?.email).toBe('First@Example.com');
  });

  it('answers a repeated registration with its first outcome, claiming nothing twice', async () => {
    const command: CustomerCommand = {
      type: 'RegisterCustomer',
      data: { customerId: 'repeat', name: 'Repeat', email: 'repeat@example.com', deliveryPreference: 'both' },
    };
    const first = await send(command, ADMIN, 'repeat-1');
    const again = await send(command, ADMIN, 'repeat-1');
    expect(again.events).toEqual(first.events);
    expect(await store.readStream(streamId('custemail', 'repeat@example.com'))).toHaveLength(1);
    expect(await codeOf(send({ ...command, data: { ...command.data, name: 'Other' } }, ADMIN, 'repeat-1'))).toMatch(
      /^IdempotencyKeyReusedError/,
    );
  });

  it('settles a claim whose command died, once its lease lapses', async () => {
    // A registration that claimed and died before appending: its customer never came to be.
    await leaveDeadClaim(store, streamId('custemail', 'ghost@example.com'), {
      type: 'CustomerEmailClaimed',
      data: { email: 'ghost@example.com', customerId: 'ghost', atVersion: 0 },
      actor: ADMIN,
      at: clock.now,
    });
    expect(await codeOf(register('heir', 'ghost@example.com'))).toBe('CUSTOMER_EMAIL_TAKEN');
    clock.now = new Date(clock.now.getTime() + CLAIM_LEASE_MS);
    expect(await codeOf(register('heir', 'ghost@example.com'))).toBe('ok');
    expect(await holderOf('ghost@example.com')).toBe('heir');
  });

  it('keeps the address a customer holds claimed by them, under racing changes of one profile', async () => {
    await register('spinner', 'spin-0@example.com');
    const emails = Array.from({ length: 5 }, (_, i) => `spin-${i}@example.com`);
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        Array.from({ length: 4 }, (_, i) => codeOf(changeEmail('spinner', emails[(round * 4 + i) % emails.length]!))),
      );
      const held = (await profileOf('spinner'))?.email;
      for (const email of emails) expect(await holderOf(email)).toBe(email === held ? 'spinner' : null);
    }
  });

  it('claims an address a customer gives themself only once they confirm it; one taken by then is refused without naming anyone', async () => {
    await register('self', 'self-old@example.com');
    const self: Actor = { id: 'self', role: 'customer' };
    await changeEmail('self', 'self-new@example.com', self);
    expect(await holderOf('self-new@example.com')).toBeNull();
    const pending = (await profileOf('self'))?.pendingEmail;
    expect(pending?.email).toBe('self-new@example.com');
    // The address's real owner registers meanwhile: nothing of the pending request stands in the way.
    expect(await codeOf(register('owner', 'Self-New@example.com'))).toBe('ok');
    const confirm = { type: 'ConfirmCustomerEmail' as const, data: { customerId: 'self', ...pending! } };
    const before = await eventCount(store);
    expect(await codeOf(send(confirm, self))).toBe('EMAIL_CONFIRMATION_REFUSED');
    expect(await eventCount(store)).toBe(before);
    // Once the owner moves on, the confirmation goes through: claimed, and the old address given back.
    await changeEmail('owner', 'owner@example.com');
    expect(await codeOf(send(confirm, self))).toBe('ok');
    expect(await holderOf('self-new@example.com')).toBe('self');
    expect(await holderOf('self-old@example.com')).toBeNull();
    expect((await profileOf('self'))?.email).toBe('self-new@example.com');
  });
});
