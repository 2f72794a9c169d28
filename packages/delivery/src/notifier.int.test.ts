import { createDomainEventRegistry, type Decider } from '@support-engine/domain';
import { customerDecider } from '@support-engine/domain/customer';
import { ticketDecider } from '@support-engine/domain/ticket';
import { createCommandHandler } from '@support-engine/eventstore';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { sql } from 'kysely';
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

  /** A migrated store on a database of its own, and `run` to decide customer and ticket commands on it. */
  async function desk(name: string) {
    const connectionString = await createTestDatabase(name);
    const store = createPostgresEventStore({ connectionString, pollIntervalMs: 50 });
    stops.push(() => store.close());
    await migrateEventStore(store.db);
    const registry = createDomainEventRegistry();
    const handler = (decider: unknown) =>
      createCommandHandler({ store, registry, decider: decider as Decider<unknown, never, unknown> });
    const customers = handler(customerDecider);
    const tickets = handler(ticketDecider);
    let n = 0;
    const run = (target: 'customer' | 'ticket', streamId: string, command: object, actor: typeof SYSTEM) =>
      (target === 'customer' ? customers : tickets).handle({
        streamId,
        command,
        commandId: `c-${++n}`,
        context: { now: new Date(), actor },
      });
    const db = deliveryDbOf(store.db);
    /** Starts the notifier; stopping it is left to the test or the file's end. */
    const startNotifier = (onBatch?: (batch: { events: number }) => void) => {
      const signal = new AbortController();
      const running = createNotifier({
        store,
        db,
        connectionString,
        registry,
        logger: pino({ level: 'silent' }),
        name: 'notifier',
        batchSize: 100,
        pollIntervalMs: 50,
        plan: { email: true, push: false },
        ...(onBatch === undefined ? {} : { onBatch }),
      }).run(signal.signal);
      const stop = async () => {
        signal.abort();
        await running;
      };
      stops.push(stop);
      return stop;
    };
    return { db, run, startNotifier };
  }

  it('folds what came before delivery began without sending it, then sends what follows', async () => {
    const { db, run, startNotifier } = await desk('history');

    // The history: a customer and her ticket, from before delivery existed.
    await run(
      'customer',
      'customer-eve',
      { type: 'RegisterCustomer', data: { customerId: 'eve', name: 'Eve', email: 'eve@example.test' } },
      SYSTEM,
    );
    await run(
      'ticket',
      'ticket-old',
      {
        type: 'OpenTicket',
        data: { ticketId: 'old', customerId: 'eve', subject: 'Old one', description: 'x', channel: 'web' },
      },
      customer('eve'),
    );

    await migrateDelivery(db);
    // Delivery begins; the old ticket gets a reply.
    await run(
      'ticket',
      'ticket-old',
      { type: 'ReplyToTicket', data: { ticketId: 'old', body: 'Here is the answer' } },
      agent('ana'),
    );

    let events = 0;
    startNotifier((batch) => {
      events += batch.events;
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

  it('mails a customer where and in the language their profile says now, in a directory saved before profiles changed too', async () => {
    const { db, run, startNotifier } = await desk('profile');
    await migrateDelivery(db);
    const eve = (data: object) => ({ data: { customerId: 'eve', ...data } });
    await run(
      'customer',
      'customer-eve',
      { type: 'RegisterCustomer', ...eve({ name: 'Eve', email: 'eve@old.test' }) },
      SYSTEM,
    );
    await run(
      'customer',
      'customer-eve',
      { type: 'UpdateCustomerProfile', ...eve({ email: 'eve@new.test', language: 'fr' }) },
      SYSTEM,
    );
    await run(
      'ticket',
      'ticket-one',
      {
        type: 'OpenTicket',
        data: { ticketId: 'one', customerId: 'eve', subject: 'One', description: 'x', channel: 'web' },
      },
      customer('eve'),
    );

    const stop = startNotifier();
    const mails = () =>
      db.selectFrom('deliveries').select(['recipient', 'payload']).where('channel', '=', 'email').execute();
    await expect.poll(async () => (await mails()).length, { timeout: 20_000 }).toBe(1);
    await stop();
    const [mail] = await mails();
    expect(mail!.recipient).toBe('eve@new.test');
    expect((mail!.payload as { text: string }).text).toContain('reçu');
    // The outbox keeps whom it is for, which an operator finds it by (not by the address).
    const persons = () =>
      db.selectFrom('deliveries').select(['person_kind', 'person_id']).where('channel', '=', 'email').execute();
    expect(await persons()).toEqual([{ person_kind: 'customer', person_id: 'eve' }]);

    // A directory an earlier version saved (the row as registered) is repaired once, at migration.
    const row = () =>
      db
        .selectFrom('delivery_directory')
        .select('row')
        .where('kind', '=', 'customer')
        .where('key', '=', 'eve')
        .executeTakeFirstOrThrow();
    await sql`update delivery_directory set row = row || '{"email":"eve@old.test","language":null}'::jsonb
               where kind = 'customer' and key = 'eve'`.execute(db);
    // A mail an earlier version queued, without whom it is for, gets it from its id.
    await sql`update deliveries set person_kind = null, person_id = null`.execute(db);
    await sql`delete from delivery_backfills`.execute(db);
    await migrateDelivery(db);
    expect((await row()).row).toMatchObject({ email: 'eve@new.test', language: 'fr' });
    expect(await persons()).toEqual([{ person_kind: 'customer', person_id: 'eve' }]);
    // Done once: a later change to the row is not undone by the next start.
    await sql`update delivery_directory set row = row || '{"language":"en"}'::jsonb where kind = 'customer'`.execute(
      db,
    );
    await migrateDelivery(db);
    expect((await row()).row).toMatchObject({ language: 'en' });
  });
});
