import { afterAll, beforeAll, expect, it } from 'vitest';
import { catchUp } from '../projector.js';
import { createTicketsProjection } from '../read-models/tickets/projection.js';
import { agent, createHarness, customer, type Harness, hoursAfter, SYSTEM, T0 } from '../testing/harness.fixture.js';
import { liveBoard } from './live-board.js';

// The live board's recent SLA breaches leave out the tickets thrown away as spam or invalid, as
// every SLA figure does.

let h: Harness;
const projection = createTicketsProjection();

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

const open = (ticketId: string, at: Date) =>
  h.desk.ticket(
    {
      type: 'OpenTicket',
      data: { ticketId, customerId: `c-${ticketId}`, subject: 'Help', description: 'Please', channel: 'web' },
    },
    customer(`c-${ticketId}`),
    at,
  );

/** The automation records the first-response warning due at `at`, and the read model catches up. */
async function warn(ticketId: string, at: Date): Promise<void> {
  await h.desk.ticket(
    { type: 'RecordSlaWarning', data: { ticketId, metric: 'first_response', dueAt: at.toISOString() } },
    SYSTEM,
    at,
  );
  await catchUp({ store: h.store, db: h.db, projection });
}

it('counts a breach of the last hour, but not once its ticket is closed as spam', async () => {
  for (const ticketId of ['breached', 'thrown-away']) {
    await open(ticketId, T0);
    await h.desk.ticket(
      {
        type: 'RecordSlaBreach',
        data: { ticketId, metric: 'first_response', dueAt: hoursAfter(T0, 1).toISOString() },
      },
      SYSTEM,
      hoursAfter(T0, 1),
    );
  }
  await catchUp({ store: h.store, db: h.db, projection });
  expect((await liveBoard(h.db, hoursAfter(T0, 1.5))).slaBreachesLastHour).toBe(2);

  await h.desk.ticket({ type: 'CloseAsSpam', data: { ticketId: 'thrown-away' } }, agent('ag-1'), hoursAfter(T0, 1.6));
  await catchUp({ store: h.store, db: h.db, projection });
  expect((await liveBoard(h.db, hoursAfter(T0, 1.7))).slaBreachesLastHour).toBe(1);
});

it('counts the tickets at risk: a running clock past its warning, not breached yet', async () => {
  await open('at-risk', T0);
  await catchUp({ store: h.store, db: h.db, projection });
  expect((await liveBoard(h.db, hoursAfter(T0, 0.1))).slaAtRisk).toBe(0);
  // The clock's first deadline is its warning: recorded then, the ticket is at risk.
  const [row] = await h.db
    .selectFrom('tickets')
    .select('sla_next_deadline')
    .where('ticket_id', '=', 'at-risk')
    .execute();
  const warningAt = new Date(row!.sla_next_deadline!);
  await warn('at-risk', warningAt);
  expect((await liveBoard(h.db, warningAt)).slaAtRisk).toBe(1);
});

it('counts a running clock past its target as breached before the automation records it, never at its warning', async () => {
  // Ten days on, so the tickets above are out of every window looked at here.
  const opened = hoursAfter(T0, 240);
  await open('overdue', opened);
  await catchUp({ store: h.store, db: h.db, projection });
  const clocks = () =>
    h.db
      .selectFrom('tickets')
      .select(['sla_next_deadline', 'sla_next_breach_at'])
      .where('ticket_id', '=', 'overdue')
      .executeTakeFirstOrThrow();
  const board = async (at: Date) => {
    const { slaAtRisk, slaBreachesLastHour } = await liveBoard(h.db, at);
    return { slaAtRisk, slaBreachesLastHour };
  };
  // Its next deadline is the warning: passing it unrecorded is no breach, the clock is short of its target.
  const { sla_next_deadline: warning, sla_next_breach_at: target } = await clocks();
  const warningAt = new Date(warning!);
  expect(new Date(target!).getTime()).toBeGreaterThan(warningAt.getTime());
  expect(await board(new Date(warningAt.getTime() + 1))).toEqual({ slaAtRisk: 0, slaBreachesLastHour: 0 });

  await warn('overdue', warningAt);
  const breachAt = new Date((await clocks()).sla_next_breach_at!);
  expect(await board(new Date(breachAt.getTime() - 1))).toEqual({ slaAtRisk: 1, slaBreachesLastHour: 0 });
  // Past its target, unrecorded: breached, and no longer counted at risk too.
  expect(await board(new Date(breachAt.getTime() + 1))).toEqual({ slaAtRisk: 0, slaBreachesLastHour: 1 });
});

it('counts the tickets waiting for an agent, and how long the first has waited; one assigned or closed leaves', async () => {
  // Twenty days on, past every ticket above (all of them still unassigned: they count too).
  const opened = hoursAfter(T0, 480);
  const before = (await liveBoard(h.db, opened)).waitingTickets;
  await open('queued-1', opened);
  await open('queued-2', hoursAfter(opened, 1));
  await catchUp({ store: h.store, db: h.db, projection });
  const board = (await liveBoard(h.db, hoursAfter(opened, 2))).waitingTickets;
  expect(board.count).toBe(before.count + 2);
  expect(board.longestWaitMs).toBeGreaterThanOrEqual(2 * 3_600_000);
  await h.desk.ticket(
    { type: 'AssignTicket', data: { ticketId: 'queued-1', agentId: 'ag-1' } },
    agent('ag-1'),
    hoursAfter(opened, 2),
  );
  await h.desk.ticket({ type: 'CloseAsSpam', data: { ticketId: 'queued-2' } }, agent('ag-1'), hoursAfter(opened, 2));
  await catchUp({ store: h.store, db: h.db, projection });
  expect((await liveBoard(h.db, hoursAfter(opened, 3))).waitingTickets.count).toBe(before.count);
});

it('counts the waiting tickets per category and tier, the longest wait of each', async () => {
  const opened = hoursAfter(T0, 500);
  for (const [ticketId, hours] of [
    ['cat-1', 0],
    ['cat-2', 1],
  ] as const)
    await h.desk.ticket(
      {
        type: 'OpenTicket',
        data: {
          ticketId,
          customerId: 'c-cat',
          subject: 'Help',
          description: 'Please',
          channel: 'web',
          category: 'queue-test',
        },
      },
      customer('c-cat'),
      hoursAfter(opened, hours),
    );
  await catchUp({ store: h.store, db: h.db, projection });
  const board = await liveBoard(h.db, hoursAfter(opened, 2));
  expect(board.queues.find((queue) => queue.category === 'queue-test')).toEqual({
    category: 'queue-test',
    tickets: { count: 2, longestWaitMs: 2 * 3_600_000 },
    chats: { count: 0, longestWaitMs: null },
    ticketsByTier: [{ tier: 1, count: 2, longestWaitMs: 2 * 3_600_000 }],
  });
  // The per-category counts add up to the board's waiting tickets.
  const perCategory = board.queues.reduce((sum, queue) => sum + queue.tickets.count, 0);
  expect(perCategory).toBe(board.waitingTickets.count);
});
