import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../errors.js';
import { catchUp } from '../projector.js';
import { createTicketsProjection } from '../read-models/tickets/projection.js';
import { agent, createHarness, customer, type Harness, hoursAfter, T0 } from '../testing/harness.fixture.js';
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

  it('refuses a cursor of the other order', async () => {
    const newest = await listTickets(h.db, { first: 1 });
    await expect(listTickets(h.db, { order: 'longest_in_status', after: newest.nextCursor! })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});
