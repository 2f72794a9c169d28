import { InvalidCursorError } from '@support-engine/eventstore-postgres';
import { listCustomerNotifications } from '@support-engine/inbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../projector.js';
import { createTicketsProjection } from '../read-models/tickets/projection.js';
import { createHarness, customer, type Harness, hoursAfter, T0, ticketLife } from '../testing/harness.fixture.js';
import { ticketMetrics } from './metrics.js';
import { getTicket, listTickets, ticketMessagesOf, ticketStatusCounts } from './tickets.js';

describe('ticket queries over the projected read models', () => {
  let h: Harness;
  const projection = createTicketsProjection();

  beforeAll(async () => {
    h = await createHarness();
    // Resolution times chosen to land one ticket in each distribution bucket.
    const specs = [
      {
        id: 't-1',
        subject: 'Printer on fire',
        priority: 'urgent',
        channel: 'phone',
        category: 'hardware',
        resolveAfterHours: 0.75,
      },
      {
        id: 't-2',
        subject: 'Invoice missing',
        priority: 'normal',
        channel: 'email',
        category: 'billing',
        resolveAfterHours: 3,
      },
      {
        id: 't-3',
        subject: 'Password reset loop',
        priority: 'high',
        channel: 'web',
        category: 'login',
        resolveAfterHours: 10,
      },
      {
        id: 't-4',
        subject: 'Refund request',
        priority: 'low',
        channel: 'email',
        category: 'billing',
        resolveAfterHours: 30,
      },
      { id: 't-5', subject: 'Export is slow', priority: 'normal', channel: 'web', shape: 'waiting' },
      { id: 't-6', subject: 'Dark mode please', priority: 'low', channel: 'web', shape: 'open' },
    ] as const;
    for (const [i, spec] of specs.entries()) {
      await ticketLife(h.desk, {
        ...spec,
        customerId: i % 2 === 0 ? 'alice' : 'bob',
        agentId: i < 3 ? 'agent-a' : 'agent-b',
        openedAt: hoursAfter(T0, i * 48),
        note: i === 1 ? 'secret escalation codeword zebra' : undefined,
      });
    }
    // 25 more tickets for pagination, opened at distinct and at identical instants (ties broken by id).
    for (let i = 0; i < 25; i++) {
      await ticketLife(h.desk, {
        id: `bulk-${String(i).padStart(2, '0')}`,
        customerId: 'carol',
        agentId: 'agent-c',
        subject: `Bulk question ${i}`,
        openedAt: hoursAfter(T0, 1000 + Math.floor(i / 3)),
        shape: 'open',
      });
    }
    await catchUp({ store: h.store, db: h.db, projection });
  });

  afterAll(async () => {
    await h.close();
  });

  it('filters by status, priority, assignee, customer and category', async () => {
    const ids = async (options: Parameters<typeof listTickets>[1]) =>
      (await listTickets(h.db, { ...options, first: 100 })).items.map((t) => t.ticketId).sort();
    expect(await ids({ status: ['resolved'] })).toEqual(['t-1', 't-2', 't-3', 't-4']);
    expect(await ids({ status: ['waiting_customer'] })).toEqual(['t-5']);
    expect(await ids({ priority: ['low'], customerId: 'bob' })).toEqual(['t-4', 't-6']);
    expect(await ids({ assigneeId: 'agent-a' })).toEqual(['t-1', 't-2', 't-3']);
    expect(await ids({ category: 'billing' })).toEqual(['t-2', 't-4']);
    expect(await ids({ assigneeId: null })).toEqual([]);
  });

  it('searches subjects and message bodies, but internal notes only for staff', async () => {
    const ids = async (search: string, includeInternal = true) =>
      (await listTickets(h.db, { search, includeInternal })).items.map((t) => t.ticketId);
    expect(await ids('printer')).toEqual(['t-1']);
    expect(await ids('"Details about Refund"')).toEqual(['t-4']);
    expect(await ids('zebra')).toEqual(['t-2']);
    expect(await ids('zebra', false)).toEqual([]);
  });

  it('pages through every ticket exactly once, newest first, with an opaque cursor', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await listTickets(h.db, { first: 4, after });
      seen.push(...page.items.map((t) => t.ticketId));
      after = page.nextCursor ?? undefined;
      pages++;
    } while (after);
    expect(pages).toBe(8);
    expect(seen).toHaveLength(31);
    expect(new Set(seen).size).toBe(31);
    const all = (await listTickets(h.db, { first: 100 })).items;
    expect(seen).toEqual(all.map((t) => t.ticketId));
    const keys = all.map((t) => [t.openedAt.getTime(), t.ticketId] as const);
    for (let i = 1; i < keys.length; i++) {
      const [prevAt, prevId] = keys[i - 1]!;
      const [at, id] = keys[i]!;
      expect(prevAt > at || (prevAt === at && prevId > id)).toBe(true);
    }
    await expect(listTickets(h.db, { after: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('shows ticket detail with internal notes to staff and without them to customers', async () => {
    const staff = await getTicket(h.db, 't-2', { includeInternal: true });
    const forCustomer = await getTicket(h.db, 't-2', { includeInternal: false });
    expect(staff?.messages.map((m) => m.source)).toEqual(['description', 'reply', 'reply']);
    expect(staff?.messages.some((m) => m.internal && m.body.includes('zebra'))).toBe(true);
    expect(forCustomer?.messages.some((m) => m.internal)).toBe(false);
    expect(forCustomer?.messages).toHaveLength(2);
    expect(staff?.ticket).toMatchObject({ status: 'resolved', assigneeId: 'agent-a', firstResponseMs: 1_800_000 });
    expect(await getTicket(h.db, 'missing', { includeInternal: true })).toBeNull();
  });

  it("reads several tickets' first messages in one query, each ticket's own and in order", async () => {
    const ids = ['t-1', 't-2', 't-6', 'missing'];
    const staff = await ticketMessagesOf(h.db, ids, { includeInternal: true });
    for (const id of ['t-1', 't-2', 't-6']) {
      const one = await getTicket(h.db, id, { includeInternal: true });
      expect(staff.get(id)).toEqual(one?.messages);
    }
    expect(staff.has('missing')).toBe(false);
    const firstTwo = await ticketMessagesOf(h.db, ids, { includeInternal: false, first: 2 });
    expect(firstTwo.get('t-2')?.map((m) => m.source)).toEqual(['description', 'reply']);
    expect([...firstTwo.values()].flat().some((m) => m.internal)).toBe(false);
    expect([...firstTwo.values()].every((messages) => messages.length <= 2)).toBe(true);
    expect((await ticketMessagesOf(h.db, [], { includeInternal: true })).size).toBe(0);
  });

  it('counts tickets per status', async () => {
    expect(await ticketStatusCounts(h.db)).toEqual({
      total: 31,
      new: 0,
      in_progress: 26,
      waiting_customer: 1,
      resolved: 4,
      closed: 0,
    });
  });

  it('reports metrics with resolution buckets per agent, channel and priority', async () => {
    const metrics = await ticketMetrics(h.db, { from: T0, to: hoursAfter(T0, 500) });
    expect(metrics.overall.tickets).toBe(6);
    expect(metrics.overall.resolutionDistribution).toEqual({ under1h: 1, from1hTo4h: 1, from4hTo24h: 1, over24h: 1 });
    expect(metrics.overall.firstResponse).toMatchObject({ count: 6, averageMs: 1_800_000 });
    expect(metrics.byAgent['agent-a']?.resolution.count).toBe(3);
    expect(metrics.byAgent['agent-b']?.resolutionDistribution.over24h).toBe(1);
    expect(metrics.byChannel.email?.tickets).toBe(2);
    expect(metrics.byPriority.urgent?.resolution.averageMs).toBe(0.75 * 3_600_000);
    const firstResponse = metrics.overall.slaCompliance.first_response;
    expect(firstResponse.met + firstResponse.breached).toBe(6);
    const empty = await ticketMetrics(h.db, { from: new Date('2000-01-01'), to: new Date('2000-02-01') });
    expect(empty.overall.tickets).toBe(0);
    expect(empty.overall.resolution.averageMs).toBeNull();
  });

  it("fills each customer's inbox from the notification policy", async () => {
    const inbox = await listCustomerNotifications(h.db, 'bob', { first: 50 });
    const texts = inbox.items.map((n) => n.text);
    expect(texts).toContain("Your ticket 'Invoice missing' is resolved");
    expect(texts).toContain("Your ticket 'Invoice missing' has a new reply");
    expect(texts.some((t) => t.includes('zebra'))).toBe(false);
    expect(inbox.items.every((n) => n.channels.join() === 'web,email,push')).toBe(true);
    const alice = await listCustomerNotifications(h.db, 'alice', { first: 50 });
    expect(alice.items.map((n) => n.text)).toContain("Your ticket 'Export is slow' is waiting for your reply");
  });

  it('lists notifications of one instant in log order, :10 after :9, page after page', async () => {
    const at = new Date('2026-06-01T10:00:00.000Z');
    await h.db
      .insertInto('customer_notifications')
      .values(
        [8, 9, 10, 11].map((index) => ({
          notification_id: `notification:ticket-tie:${index}`,
          customer_id: 'tie-customer',
          ticket_id: 'tie',
          kind: 'info',
          title: `Event ${index}`,
          text: `Event ${index}`,
          channels: ['web'],
          created_at: at,
        })),
      )
      .execute();
    const first = await listCustomerNotifications(h.db, 'tie-customer', { first: 2 });
    const rest = await listCustomerNotifications(h.db, 'tie-customer', { first: 2, after: first.nextCursor! });
    expect([...first.items, ...rest.items].map((n) => n.title)).toEqual(['Event 11', 'Event 10', 'Event 9', 'Event 8']);
    expect(rest.nextCursor).toBeNull();
  });

  it('lets a customer act and see the read model follow', async () => {
    await h.desk.ticket(
      { type: 'CustomerReply', data: { ticketId: 't-5', body: 'Here are the export logs' } },
      customer('alice'),
      hoursAfter(T0, 300),
    );
    await catchUp({ store: h.store, db: h.db, projection });
    const detail = await getTicket(h.db, 't-5', { includeInternal: false });
    expect(detail?.ticket.status).toBe('in_progress');
    expect(detail?.messages.at(-1)).toMatchObject({ authorKind: 'customer', body: 'Here are the export logs' });
  });
});
