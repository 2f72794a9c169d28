import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp } from '../../projector.js';
import { getTicket, listTickets, ticketTagCounts } from '../../queries/tickets.js';
import { agent, createHarness, customer, type Harness, hoursAfter, T0 } from '../../testing/harness.fixture.js';
import { createTicketsProjection } from './projection.js';

describe('ticket tags in the read model', () => {
  let h: Harness;
  const projection = createTicketsProjection();
  const ada = agent('agent-a');

  const open = (ticketId: string, hours: number) =>
    h.desk.ticket(
      {
        type: 'OpenTicket',
        data: { ticketId, customerId: 'dana', subject: `Help ${ticketId}`, description: 'x', channel: 'web' },
      },
      customer('dana'),
      hoursAfter(T0, hours),
    );
  const tag = (ticketId: string, tags: string[], hours: number, remove = false) =>
    h.desk.ticket(
      { type: remove ? 'RemoveTicketTags' : 'AddTicketTags', data: { ticketId, tags } },
      ada,
      hoursAfter(T0, hours),
    );

  beforeAll(async () => {
    h = await createHarness();
    await open('t-1', 0);
    await open('t-2', 1);
    await open('t-3', 2);
    await tag('t-1', ['VIP Customer', 'refund'], 3);
    await tag('t-2', ['vip-customer'], 3);
    await tag('t-3', ['refund', 'bug'], 3);
    await tag('t-3', ['bug'], 4, true);
    await h.desk.ticket({ type: 'CloseAsSpam', data: { ticketId: 't-2' } }, ada, hoursAfter(T0, 5));
    await catchUp({ store: h.store, db: h.db, projection });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps each ticket’s tags, normalized, in the order they were added', async () => {
    const tags = async (id: string) => (await getTicket(h.db, id, { includeInternal: true }))?.ticket.tags;
    expect(await tags('t-1')).toEqual(['vip-customer', 'refund']);
    expect(await tags('t-2')).toEqual(['vip-customer']);
    expect(await tags('t-3')).toEqual(['refund']);
  });

  it('filters the list by tags (every tag given must be there)', async () => {
    const ids = async (tags: string[]) => (await listTickets(h.db, { tags })).items.map((t) => t.ticketId);
    expect(await ids(['refund'])).toEqual(['t-3', 't-1']);
    expect(await ids(['refund', 'vip-customer'])).toEqual(['t-1']);
    expect(await ids(['bug'])).toEqual([]);
  });

  it('counts tickets per tag, most used first, optionally in some statuses', async () => {
    expect(await ticketTagCounts(h.db)).toEqual([
      { tag: 'refund', count: 2 },
      { tag: 'vip-customer', count: 2 },
    ]);
    expect(await ticketTagCounts(h.db, { status: ['new', 'in_progress'] })).toEqual([
      { tag: 'refund', count: 2 },
      { tag: 'vip-customer', count: 1 },
    ]);
  });
});
