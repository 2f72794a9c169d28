import { listCustomerNotifications } from '@support-engine/inbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../../projector.js';
import { agent, createHarness, customer, type Harness, hoursAfter, T0 } from '../../testing/harness.fixture.js';
import { createTicketsProjection } from './projection.js';

describe('delivery preferences in the notification inbox', () => {
  let h: Harness;
  const projection = createTicketsProjection();
  const dana = customer('dana');

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('honours the preference in force when each notification is due, whatever else the customer stream records', async () => {
    await h.desk.customer(
      {
        type: 'RegisterCustomer',
        data: { customerId: 'dana', name: 'Dana', email: 'dana@example.test', deliveryPreference: 'email_only' },
      },
      // Staff's registration: the address is on file at once (one Dana gave herself would be pending).
      agent('agent-a'),
      T0,
    );
    const open = {
      ticketId: 'p-1',
      customerId: 'dana',
      subject: 'Sync broken',
      description: 'It stopped',
      channel: 'web',
    } as const;
    await h.desk.ticket({ type: 'OpenTicket', data: open }, dana, T0);
    // email only: the web inbox stays empty for this reply.
    await h.desk.ticket(
      { type: 'ReplyToTicket', data: { ticketId: 'p-1', body: 'Which device?', nextStatus: 'waiting_customer' } },
      agent('agent-a'),
      hoursAfter(T0, 1),
    );
    await h.desk.customer(
      { type: 'SetDeliveryPreference', data: { customerId: 'dana', preference: 'both' } },
      dana,
      hoursAfter(T0, 2),
    );
    // A push subscription shares the customer's stream but is no preference: the inbox ignores it.
    const subscription = {
      endpoint: 'https://push.example/dana',
      keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'a'.repeat(22) },
    };
    await h.desk.customer(
      { type: 'RegisterCustomerPushSubscription', data: { customerId: 'dana', subscription } },
      dana,
      hoursAfter(T0, 2),
    );
    await h.desk.ticket(
      { type: 'ReplyToTicket', data: { ticketId: 'p-1', body: 'Fixed on our side', nextStatus: 'resolved' } },
      agent('agent-a'),
      hoursAfter(T0, 3),
    );
    await catchUp({ store: h.store, db: h.db, projection });

    const inbox = await listCustomerNotifications(h.db, 'dana', { first: 50 });
    const texts = inbox.items.map((n) => n.text);
    expect(texts.some((t) => t.includes('waiting for your reply'))).toBe(false);
    expect(texts.some((t) => t.includes("Your ticket 'Sync broken' is resolved"))).toBe(true);
    const row = await h.db
      .selectFrom('customers')
      .selectAll()
      .where('customer_id', '=', 'dana')
      .executeTakeFirstOrThrow();
    expect(row.delivery_preference).toBe('both');
  });

  it('keeps in the inbox what a customer who chose email only is told while no address is on file', async () => {
    const erin = customer('erin');
    const profile = { customerId: 'erin', name: 'Erin', language: null, company: null, plan: null };
    await h.desk.customer(
      { type: 'RegisterCustomer', data: { customerId: 'erin', name: 'Erin', deliveryPreference: 'email_only' } },
      erin,
      T0,
    );
    const open = { ticketId: 'p-3', customerId: 'erin', subject: 'Lost', description: 'Help', channel: 'web' } as const;
    await h.desk.ticket({ type: 'OpenTicket', data: open }, erin, T0);
    // An address she gives herself is only pending: no address on file yet, the inbox still.
    await h.desk.customer(
      { type: 'UpdateCustomerProfile', data: { ...profile, email: 'erin@example.test' } },
      erin,
      hoursAfter(T0, 1),
    );
    await h.desk.ticket(
      { type: 'ReplyToTicket', data: { ticketId: 'p-3', body: 'Which device?' } },
      agent('agent-a'),
      hoursAfter(T0, 1),
    );
    // Confirmed: mail only, the inbox stays as it was.
    const expiresAt = hoursAfter(T0, 25).toISOString();
    await h.desk.customer(
      { type: 'ConfirmCustomerEmail', data: { customerId: 'erin', email: 'erin@example.test', expiresAt } },
      erin,
      hoursAfter(T0, 2),
    );
    await h.desk.ticket(
      { type: 'ReplyToTicket', data: { ticketId: 'p-3', body: 'Which one?', nextStatus: 'waiting_customer' } },
      agent('agent-a'),
      hoursAfter(T0, 2),
    );
    // The address cleared: the inbox again.
    await h.desk.customer(
      { type: 'UpdateCustomerProfile', data: { ...profile, email: null } },
      erin,
      hoursAfter(T0, 3),
    );
    await h.desk.ticket(
      { type: 'ReplyToTicket', data: { ticketId: 'p-3', body: 'Found it', nextStatus: 'resolved' } },
      agent('agent-a'),
      hoursAfter(T0, 4),
    );
    await catchUp({ store: h.store, db: h.db, projection });
    const inbox = await listCustomerNotifications(h.db, 'erin', { first: 50 });
    // The replies while no address was confirmed, and the resolution after it was cleared.
    expect(inbox.items.map((n) => n.title)).toEqual([
      'Support ticket: Resolved',
      'Support ticket: New reply',
      'Support ticket: New reply',
      'Support ticket: Received',
    ]);
    expect(inbox.items.map((n) => n.createdAt.toISOString())).toEqual(
      [4, 4, 1, 0].map((hours) => hoursAfter(T0, hours).toISOString()),
    );
  });

  it('tells a customer whose address bounced hard in the inbox instead, until the address changes', async () => {
    const bea = customer('bea');
    const reply = (body: string, hours: number) =>
      h.desk.ticket(
        { type: 'ReplyToTicket', data: { ticketId: 'p-4', body } },
        agent('agent-a'),
        hoursAfter(T0, hours),
      );
    await h.desk.customer(
      {
        type: 'RegisterCustomer',
        data: { customerId: 'bea', name: 'Bea', email: 'bea@example.test', deliveryPreference: 'email_only' },
      },
      agent('agent-a'),
      T0,
    );
    const open = { ticketId: 'p-4', customerId: 'bea', subject: 'Quiet', description: 'Hi', channel: 'email' } as const;
    await h.desk.ticket({ type: 'OpenTicket', data: open }, bea, T0);
    await reply('By mail', 1);
    await h.desk.customer(
      { type: 'RecordEmailBounce', data: { customerId: 'bea', address: 'bea@example.test', reason: '550 unknown' } },
      { id: 'mail-in', role: 'system' },
      hoursAfter(T0, 2),
    );
    await reply('In the inbox, in the same run as the bounce', 2);
    // Caught up in two runs: the second reads the bounce back from the customers table.
    await catchUp({ store: h.store, db: h.db, projection });
    await reply('In the inbox', 3);
    await catchUp({ store: h.store, db: h.db, projection });
    await h.desk.customer(
      {
        type: 'UpdateCustomerProfile',
        data: { customerId: 'bea', email: 'bea@new.example' },
      },
      agent('agent-a'),
      hoursAfter(T0, 4),
    );
    await reply('By mail again', 5);
    await catchUp({ store: h.store, db: h.db, projection });

    const inbox = await listCustomerNotifications(h.db, 'bea', { first: 50 });
    expect(inbox.items.map((n) => n.createdAt.toISOString())).toEqual(
      [3, 2].map((hours) => hoursAfter(T0, hours).toISOString()),
    );
    const row = await h.db
      .selectFrom('customers')
      .select(['email', 'email_bounced'])
      .where('customer_id', '=', 'bea')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: 'bea@new.example', email_bounced: null });
  });

  it('writes the inbox in the language the customer registered with, and keeps it when the preference changes', async () => {
    const claire = customer('claire');
    await h.desk.customer(
      {
        type: 'RegisterCustomer',
        data: { customerId: 'claire', name: 'Claire', language: 'fr-FR', deliveryPreference: 'web_only' },
      },
      claire,
      T0,
    );
    await h.desk.customer(
      { type: 'SetDeliveryPreference', data: { customerId: 'claire', preference: 'both' } },
      claire,
      hoursAfter(T0, 1),
    );
    await h.desk.ticket(
      {
        type: 'OpenTicket',
        data: { ticketId: 'p-2', customerId: 'claire', subject: 'Facture', description: 'Absente', channel: 'web' },
      },
      claire,
      hoursAfter(T0, 2),
    );
    await h.desk.ticket(
      { type: 'ReplyToTicket', data: { ticketId: 'p-2', body: 'Envoyée', nextStatus: 'resolved' } },
      agent('agent-a'),
      hoursAfter(T0, 3),
    );
    await catchUp({ store: h.store, db: h.db, projection });

    const inbox = await listCustomerNotifications(h.db, 'claire', { first: 50 });
    expect(inbox.items.map(({ title, text }) => ({ title, text }))).toEqual([
      { title: 'Ticket de support : Résolu', text: "Votre ticket 'Facture' est maintenant résolu." },
      { title: 'Ticket de support : Nouvelle réponse', text: "Votre ticket 'Facture' a une nouvelle réponse." },
      { title: 'Ticket de support : Reçu', text: "Votre ticket 'Facture' a bien été reçu." },
    ]);
    const row = await h.db
      .selectFrom('customers')
      .selectAll()
      .where('customer_id', '=', 'claire')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ delivery_preference: 'both', language: 'fr-FR' });
  });
});
