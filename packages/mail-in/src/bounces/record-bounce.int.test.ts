import { createCommandBus } from '@support-engine/application';
import { customerDecider } from '@support-engine/domain/customer';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBounce } from './record-bounce.js';

// Bounces recorded through the real command bus on a real PostgreSQL event store.

describe('recordBounce', () => {
  let store: PostgresEventStore;
  const bus = () => createCommandBus(store, () => new Date());
  const staff = { id: 'sue', role: 'supervisor' } as const;

  beforeAll(async () => {
    store = createPostgresEventStore({ connectionString: await createTestDatabase('mail_bounce'), maxConnections: 4 });
    await migrateEventStore(store.db);
    await bus().send(
      'customer',
      'ana',
      { type: 'RegisterCustomer', data: { customerId: 'ana', name: 'Ana', email: 'ana@customer.test' } },
      staff,
      'register-ana',
    );
  });
  afterAll(async () => store?.close());

  it('marks the address of the customer who holds it undeliverable, once, and skips what is nobody’s', async () => {
    const report = { mailKey: 'mid:bounce-1@mailer.test', reason: '550 5.1.1 <ana@customer.test>: user unknown' };
    const failed = ['ANA@Customer.test', 'nobody@customer.test', 'not an address'];
    expect(await recordBounce(bus(), failed, report)).toEqual([
      { address: 'ana@customer.test', customerId: 'ana', recorded: true },
      { address: 'nobody@customer.test', customerId: null, recorded: false },
      { address: 'not an address', customerId: null, recorded: false },
    ]);
    const ana = await bus().fold('customer', 'ana', customerDecider);
    expect(ana.profile?.bouncedEmail).toBe('ana@customer.test');

    // The same bounce processed again, and another bounce of the same address: nothing more.
    expect(await recordBounce(bus(), failed.slice(0, 1), report)).toEqual([
      { address: 'ana@customer.test', customerId: 'ana', recorded: true },
    ]);
    expect(
      await recordBounce(bus(), ['ana@customer.test'], { mailKey: 'mid:bounce-2@mailer.test', reason: 'again' }),
    ).toEqual([{ address: 'ana@customer.test', customerId: 'ana', recorded: false }]);
    const events = await store.readStream('customer-ana');
    expect(events.map((event) => event.type)).toEqual(['CustomerRegistered', 'CustomerEmailBounced']);
  });
});
