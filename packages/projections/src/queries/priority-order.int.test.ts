import { PRIORITIES_MOST_URGENT_FIRST, priorityRank, type TicketPriority } from '@support-engine/domain/ticket';
import { InvalidCursorError } from '@support-engine/eventstore-postgres';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../projector.js';
import { createTicketsProjection } from '../read-models/tickets/projection.js';
import { agent, createHarness, customer, type Harness, hoursAfter, T0 } from '../testing/harness.fixture.js';
import { listTickets } from './tickets.js';

// The inbox's by-priority order: urgent first, then high, normal, low, each the longest open
// first; paged by (rank, opened_at, id) without a ticket skipped or repeated.

const PRIORITIES = ['low', 'urgent', 'normal', 'high', 'urgent', 'low', 'normal', 'urgent', 'high', 'normal'] as const;

describe('the ticket list by priority', () => {
  let h: Harness;
  const ada = agent('agent-a');

  beforeAll(async () => {
    h = await createHarness();
    // p-0..p-9 opened an hour apart (p-7 and p-8 at the same instant, the id breaking the tie),
    // each given its priority later.
    for (const [i, priority] of PRIORITIES.entries()) {
      const ticketId = `p-${i}`;
      await h.desk.ticket(
        {
          type: 'OpenTicket',
          data: { ticketId, customerId: 'dana', subject: `S${i}`, description: 'x', channel: 'web' },
        },
        customer('dana'),
        hoursAfter(T0, Math.min(i, 7)),
      );
      if (priority !== 'normal')
        await h.desk.ticket({ type: 'ChangePriority', data: { ticketId, priority } }, ada, hoursAfter(T0, 20 + i));
    }
    await catchUp({ store: h.store, db: h.db, projection: createTicketsProjection() });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Every page of the list by priority, `first` a page. */
  async function pageThrough(first: number): Promise<string[][]> {
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const page = await listTickets(h.db, { order: 'priority', first, ...(after && { after }) });
      pages.push(page.items.map((t) => t.ticketId));
      after = page.nextCursor ?? undefined;
    } while (after);
    return pages;
  }

  const EXPECTED = ['p-1', 'p-4', 'p-7', 'p-3', 'p-8', 'p-2', 'p-6', 'p-9', 'p-0', 'p-5'];

  it('lists urgent first, then high, normal, low, each the longest open first', async () => {
    const { items } = await listTickets(h.db, { order: 'priority', first: 100 });
    expect(items.map((t) => [t.ticketId, t.priority])).toEqual(
      EXPECTED.map((id) => [id, PRIORITIES[Number(id.slice(2))]]),
    );
  });

  it('pages through every ticket once, whatever the page size, pages ending inside a priority or at its edge', async () => {
    for (let first = 1; first <= PRIORITIES.length + 1; first++) {
      const pages = await pageThrough(first);
      expect(pages.flat()).toEqual(EXPECTED);
      expect(pages.every((page) => page.length <= first)).toBe(true);
    }
  });

  it('keeps the filter while paging by priority', async () => {
    const pages: string[] = [];
    let after: string | undefined;
    do {
      const page = await listTickets(h.db, {
        order: 'priority',
        priority: ['urgent', 'low'],
        first: 2,
        ...(after && { after }),
      });
      pages.push(...page.items.map((t) => t.ticketId));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(pages).toEqual(['p-1', 'p-4', 'p-7', 'p-0', 'p-5']);
  });

  it('pages any mix of priorities and opening instants in the domain order, each ticket once (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ priority: fc.constantFrom(...PRIORITIES_MOST_URGENT_FIRST), hour: fc.nat(3) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 4 }),
        async (tickets, first) => {
          // Each run its own customer, so its tickets are the whole of its filtered list.
          const customerId = `prop-${run++}`;
          for (const [i, { priority, hour }] of tickets.entries()) {
            const ticketId = `${customerId}-${i}`;
            await h.desk.ticket(
              { type: 'OpenTicket', data: { ticketId, customerId, subject: 'S', description: 'x', channel: 'web' } },
              customer(customerId),
              hoursAfter(T0, hour),
            );
            if (priority !== 'normal')
              await h.desk.ticket({ type: 'ChangePriority', data: { ticketId, priority } }, ada, hoursAfter(T0, 10));
          }
          await catchUp({ store: h.store, db: h.db, projection: createTicketsProjection() });
          const seen: string[] = [];
          let after: string | undefined;
          do {
            const page = await listTickets(h.db, { order: 'priority', customerId, first, ...(after && { after }) });
            seen.push(...page.items.map((t) => t.ticketId));
            after = page.nextCursor ?? undefined;
          } while (after);
          const key = (id: string) => {
            const { priority, hour } = tickets[Number(id.slice(customerId.length + 1))]!;
            return [priorityRank(priority as TicketPriority), hour, id] as const;
          };
          const expected = tickets
            .map((_, i) => `${customerId}-${i}`)
            .sort((a, b) => {
              const [x, y] = [key(a), key(b)];
              return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
            });
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("refuses another order's cursor, and a cursor of its own prefix without a rank", async () => {
    const newest = await listTickets(h.db, { first: 1 });
    await expect(listTickets(h.db, { order: 'priority', after: newest.nextCursor! })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    const own = await listTickets(h.db, { order: 'priority', first: 1 });
    await expect(listTickets(h.db, { after: own.nextCursor! })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(listTickets(h.db, { order: 'priority', after: 'p1.x.abc' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});
