import { createDomainEventRegistry, customerDecider, type Decider, ticketDecider } from '@support-engine/domain';
import { createCommandHandler } from '@support-engine/eventstore';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createNotifier } from './notifier.js';
import { deliveryDbOf } from './outbox.js';
import { migrateDelivery } from './schema.js';
import { agent, customer, SYSTEM } from './testing/desk.fixture.js';

// Delivery added to a deployment that already has a history: the notifier learns it (a later
// event of an old ticket is addressed right) but sends none of it.

describe('notifier on an existing log', () => {
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it('folds what came before delivery began without sending it, then sends what follows', async () => {
    const connectionString = await createTestDatabase('history');
    const store = createPostgresEventStore({ connectionString, pollIntervalMs: 50 });
    stops.push(() => store.close());
    await migrateEventStore(store.db);
    const registry = createDomainEventRegistry();
    const handler = (decider: unknown) =>
      createCommandHandler({ store, registry, decider: decider as Decider<unknown, never, unknown> });
    const customers = handler(customerDecider);
    const tickets = handler(ticketDecider);
    let n = 0;
    const run = (target: typeof tickets, streamId: string, command: object, actor: typeof SYSTEM) =>
      target.handle({ streamId, command, commandId: `c-${++n}`, context: { now: new Date(), actor } });

    // The history: a customer and her ticket, from before delivery existed.
    await run(
      customers,
      'customer-eve',
      { type: 'RegisterCustomer', data: { customerId: 'eve', name: 'Eve', email: 'eve@example.test' } },
      SYSTEM,
    );
    await run(
      tickets,
      'ticket-old',
      {
        type: 'OpenTicket',
        data: { ticketId: 'old', customerId: 'eve', subject: 'Old one', description: 'x', channel: 'web' },
      },
      customer('eve'),
    );

    const db = deliveryDbOf(store.db);
    await migrateDelivery(db);
    // Delivery begins; the old ticket gets a reply.
    await run(
      tickets,
      'ticket-old',
      { type: 'ReplyToTicket', data: { ticketId: 'old', body: 'Here is the answer' } },
      agent('ana'),
    );

    const signal = new AbortController();
    let events = 0;
    const notifier = createNotifier({
      store,
      db,
      connectionString,
      registry,
      logger: pino({ level: 'silent' }),
      name: 'notifier',
      batchSize: 100,
      pollIntervalMs: 50,
      plan: { email: true, push: false },
      onBatch: (batch) => {
        events += batch.events;
      },
    });
    const running = notifier.run(signal.signal);
    stops.push(async () => {
      signal.abort();
      await running;
    });
    // Registered, opened, then (after delivery began) moved to in_progress and replied to.
    await expect.poll(() => events, { timeout: 20_000 }).toBe(4);

    const rows = await db.selectFrom('deliveries').select(['message_id', 'recipient', 'topic']).execute();
    // Only the reply: the confirmation of the opening, from before delivery began, is not sent,
    // yet the reply reaches the customer the history named, with the history's subject.
    expect(rows).toEqual([
      { message_id: 'notification:ticket-old:3', recipient: 'eve@example.test', topic: 'ticket.replied' },
    ]);
    const [payload] = await db.selectFrom('deliveries').select('payload').execute();
    expect((payload!.payload as { text: string }).text).toBe("Your ticket 'Old one' has a new reply");
  });
});
