import { InvalidCursorError } from '@support-engine/eventstore-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../projector.js';
import { createTicketsProjection } from '../read-models/tickets/projection.js';
import { agent, createHarness, customer, type Harness, hoursAfter, SYSTEM, T0 } from '../testing/harness.fixture.js';
import { listTickets } from './tickets.js';

// The support guide's staleness views: "in progress for more than 24 h", "waiting for more than
// 3 days", longest in its status first, paged without a row skipped or repeated.

describe('staleness views of the ticket list', () => {
  let h: Harness;
  const ada = agent('agent-a');

  beforeAll(async () => {
    h = await createHarness();
    // t-0..t-4 opened an hour apart, each put to waiting_customer at hour 10 - i: t-4 waits longest.
    for (let i = 0; i < 5; i++) {
      await h.desk.ticket(
        {
          type: 'OpenTicket',
          data: { ticketId: `t-${i}`, customerId: 'dana', subject: `S${i}`, description: 'x', channel: 'web' },
        },
        customer('dana'),
        hoursAfter(T0, i),
      );
      await h.desk.ticket(
        { type: 'ReplyToTicket', data: { ticketId: `t-${i}`, body: 'Details?', nextStatus: 'waiting_customer' } },
        ada,
        hoursAfter(T0, 10 - i),
      );
    }
    await catchUp({ store: h.store, db: h.db, projection: createTicketsProjection() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps only tickets in their status since before an instant', async () => {
    const ids = (
      await listTickets(h.db, { status: ['waiting_customer'], statusSinceBefore: hoursAfter(T0, 8) })
    ).items.map((t) => t.ticketId);
    expect(ids).toEqual(['t-4', 't-3']);
  });

  it('orders by time in status, longest first, and pages through every ticket once', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listTickets(h.db, { order: 'longest_in_status', first: 2, ...(after && { after }) });
      seen.push(...page.items.map((t) => t.ticketId));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toEqual(['t-4', 't-3', 't-2', 't-1', 't-0']);
  });

  it('lists the tickets at risk, and orders by the next SLA deadline, soonest first, those without one last', async () => {
    // Two open tickets with running clocks: t-6 urgent (a shorter target), t-5 normal and warned.
    for (const [id, priority, hour] of [
      ['t-5', 'normal', 20],
      ['t-6', 'urgent', 21],
    ] as const)
      await h.desk.ticket(
        {
          type: 'OpenTicket',
          data: { ticketId: id, customerId: 'dana', subject: id, description: 'x', channel: 'web', priority },
        },
        customer('dana'),
        hoursAfter(T0, hour),
      );
    await catchUp({ store: h.store, db: h.db, projection: createTicketsProjection() });
    const running = await listTickets(h.db, { status: ['new'] });
    // Its first deadline is the warning's: the automation records the warning then.
    const warningAt = new Date(running.items.find((t) => t.ticketId === 't-5')!.sla.nextDeadline!);
    await h.desk.ticket(
      {
        type: 'RecordSlaWarning',
        data: { ticketId: 't-5', metric: 'first_response', dueAt: warningAt.toISOString() },
      },
      SYSTEM,
      warningAt,
    );
    await catchUp({ store: h.store, db: h.db, projection: createTicketsProjection() });

    const atRisk = await listTickets(h.db, { slaState: ['warning'] });
    expect(atRisk.items.map((t) => [t.ticketId, t.sla.state])).toEqual([['t-5', 'warning']]);
    // The waiting ones were first answered hours after their target: breached.
    const late = await listTickets(h.db, { slaState: ['breached'] });
    expect(late.items.map((t) => [t.ticketId, t.sla.state])).toEqual(
      ['t-4', 't-3', 't-2', 't-1', 't-0'].map((id) => [id, 'breached']),
    );

    const seen: { id: string; at: number }[] = [];
    let after: string | undefined;
    do {
      const page = await listTickets(h.db, { order: 'sla_deadline', first: 2, ...(after && { after }) });
      seen.push(
        ...page.items.map((t) => ({
          id: t.ticketId,
          at: t.sla.nextDeadline ? +new Date(t.sla.nextDeadline) : Infinity,
        })),
      );
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen.map((t) => t.id).sort()).toEqual(['t-0', 't-1', 't-2', 't-3', 't-4', 't-5', 't-6']);
    const sorted = [...seen].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    expect(seen).toEqual(sorted);
    // The two with running clocks first; the waiting ones (clocks paused) have no deadline.
    expect(
      seen
        .slice(0, 2)
        .map((t) => t.id)
        .sort(),
    ).toEqual(['t-5', 't-6']);
    expect(seen.filter((t) => t.at === Infinity).map((t) => t.id)).toEqual(['t-0', 't-1', 't-2', 't-3', 't-4']);
  });

  it('feeds a sync: the tickets changed since an instant, least recently changed first, a change while paging seen again', async () => {
    // t-1 changes again at hour 30, after a first page.
    const feed = (after?: string) =>
      listTickets(h.db, { order: 'updated', updatedSince: hoursAfter(T0, 7), first: 3, ...(after && { after }) });
    const first = await feed();
    expect(first.items.map((t) => t.ticketId)).toEqual(['t-3', 't-2', 't-1']);
    await h.desk.ticket(
      { type: 'ChangePriority', data: { ticketId: 't-1', priority: 'high' } },
      ada,
      hoursAfter(T0, 30),
    );
    await catchUp({ store: h.store, db: h.db, projection: createTicketsProjection() });
    const seen = [...first.items.map((t) => t.ticketId)];
    for (let after = first.nextCursor ?? undefined; after; ) {
      const page = await feed(after);
      seen.push(...page.items.map((t) => t.ticketId));
      after = page.nextCursor ?? undefined;
    }
    // t-4 changed last at hour 6: before the instant; t-5 last changed at its SLA warning, after
    // t-6 opened. t-1 comes again, with its later change.
    expect(seen).toEqual(['t-3', 't-2', 't-1', 't-0', 't-6', 't-5', 't-1']);
  });

  it('refuses a cursor of the other order', async () => {
    const newest = await listTickets(h.db, { first: 1 });
    await expect(listTickets(h.db, { order: 'longest_in_status', after: newest.nextCursor! })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});
