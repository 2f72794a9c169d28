import { tamperWithEvents } from '@support-engine/eventstore-postgres/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketAsOf } from './as-of.js';
import { streamHistory, verifyHistory } from './audit.js';
import { agent, createHarness, customer, type Harness, hoursAfter, SUPERVISOR, T0 } from './testing/harness.fixture.js';

describe('audit reads', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
    const id = 'audit-1';
    await h.desk.ticket(
      {
        type: 'OpenTicket',
        data: { ticketId: id, customerId: 'cust', subject: 'Audit me', description: 'Please', channel: 'web' },
      },
      customer('cust'),
      T0,
    );
    await h.desk.ticket(
      { type: 'AssignTicket', data: { ticketId: id, agentId: 'agent-1', reason: 'billing expert' } },
      SUPERVISOR,
      hoursAfter(T0, 1),
    );
    await h.desk.ticket(
      { type: 'ReplyToTicket', data: { ticketId: id, body: 'Done', nextStatus: 'resolved' } },
      agent('agent-1'),
      hoursAfter(T0, 2),
    );
  });

  afterAll(async () => {
    await h.close();
  });

  it("lists a stream's history with actors, times and reasons", async () => {
    const history = await streamHistory(h.store, 'ticket-audit-1');
    expect(history.map((e) => [e.version, e.type, e.actor?.id, e.at])).toEqual([
      [1, 'TicketOpened', 'cust', T0.toISOString()],
      [2, 'TicketAssigned', 'supervisor-1', hoursAfter(T0, 1).toISOString()],
      [3, 'TicketStatusChanged', 'agent-1', hoursAfter(T0, 2).toISOString()],
      [4, 'TicketAgentReplied', 'agent-1', hoursAfter(T0, 2).toISOString()],
      [5, 'TicketStatusChanged', 'agent-1', hoursAfter(T0, 2).toISOString()],
    ]);
    expect(history[1]!.reason).toBe('billing expert');
    expect(history[0]!.actor).toEqual({ id: 'cust', role: 'customer' });
  });

  it('shows the recorded choice as the reason of an event that gave none in words', async () => {
    const id = 'audit-why';
    const open = { ticketId: id, customerId: 'cust', subject: 'Why', description: 'Please', channel: 'web' } as const;
    await h.desk.ticket({ type: 'OpenTicket', data: open }, customer('cust'), T0);
    await h.desk.ticket(
      { type: 'Escalate', data: { ticketId: id, reason: 'complexity' } },
      SUPERVISOR,
      hoursAfter(T0, 1),
    );
    await h.desk.ticket({ type: 'CloseAsSpam', data: { ticketId: id } }, SUPERVISOR, hoursAfter(T0, 2));
    const history = await streamHistory(h.store, `ticket-${id}`);
    expect(history.map((entry) => [entry.type, entry.reason])).toEqual([
      ['TicketOpened', null],
      ['TicketEscalated', 'complexity'],
      ['TicketStatusChanged', 'spam'],
    ]);
  });

  it('shows the ticket as it was at any instant', async () => {
    expect((await ticketAsOf(h.store, 'audit-1', hoursAfter(T0, -1))).state).toBeNull();
    expect((await ticketAsOf(h.store, 'audit-1', hoursAfter(T0, 1.5))).state).toMatchObject({
      status: 'new',
      assigneeId: 'agent-1',
      version: 2,
    });
    expect((await ticketAsOf(h.store, 'audit-1', hoursAfter(T0, 5))).state).toMatchObject({
      status: 'resolved',
      version: 5,
    });
  });

  it('verifies the hash chain and reports the first altered event', async () => {
    expect(await verifyHistory(h.store, 'ticket-audit-1')).toMatchObject({ ok: true });
    expect(await verifyHistory(h.store)).toMatchObject({ ok: true });
    await tamperWithEvents(
      h.store,
      sql`update events set data = jsonb_set(data, '{body}', '"Forged"')
        where stream_id = 'ticket-audit-1' and stream_version = 4`,
    );
    const result = await verifyHistory(h.store, 'ticket-audit-1');
    expect(result.ok).toBe(false);
    const [altered] = result.ok ? [] : result.altered;
    expect(altered).toMatchObject({ streamId: 'ticket-audit-1', version: 4, problem: 'altered' });
    expect(altered?.event?.data.body).toBe('Forged');
    expect(altered?.expectedHash).not.toBe(altered?.actualHash);
    const all = await verifyHistory(h.store);
    expect(all.ok === false && all.altered.map((a) => [a.streamId, a.version])).toEqual([['ticket-audit-1', 4]]);
  });
});
