import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, T0 } from './testing/harness.fixture.js';

// A budget below two full replays of the ticket below (no snapshot: it is shorter than an interval).
const BUDGET = 30;
const EVENTS = 20;
const MINUTE = 60_000;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

let h: ApiHarness;
let auditor: string;
let ticketId: string;

beforeAll(async () => {
  h = await createApiHarness({ config: { maxReplayEvents: BUDGET } });
  auditor = await h.token('auditor', 'auditor-1');
  const supervisor = await h.token('supervisor', 'sup-1');
  const customer = await h.token('customer', 'cust-1');
  h.clock.now = at(0);
  const opened = await h.gql(
    'mutation { openTicket(input: { customerId: "cust-1", subject: "Slow", description: "Pages take 10s", channel: web }) { id } }',
    {},
    customer,
  );
  ticketId = field<{ id: string }>(opened, 'openTicket').id;
  for (let version = 2; version <= EVENTS; version++) {
    h.clock.now = at(version);
    const changed = await h.gql(
      'mutation($id: ID!, $p: TicketPriority!) { changeTicketPriority(input: { ticketId: $id, priority: $p }) { version } }',
      { id: ticketId, p: version % 2 ? 'high' : 'low' },
      supervisor,
    );
    expect(changed.errors).toBeUndefined();
  }
}, 60_000);
afterAll(async () => h?.close());

const pastTickets = (count: number, fields = 'version priority') =>
  `query($id: ID!, $asOf: DateTime) { ${Array.from(
    { length: count },
    (_, i) => `t${i}: ticket(id: $id, asOf: $asOf) { ${fields} }`,
  ).join(' ')} }`;

describe('ticket(asOf:)', () => {
  it('answers a past view within the budget', async () => {
    const response = await h.gql(pastTickets(1), { id: ticketId, asOf: at(5).toISOString() }, auditor);
    expect(response.errors).toBeUndefined();
    expect(response.data?.t0).toEqual({ version: 5, priority: 'high' });
  });

  it('refuses an instant still to come (its view would change with the next event), not the present one', async () => {
    h.clock.now = at(EVENTS);
    const future = await h.gql(pastTickets(1), { id: ticketId, asOf: at(EVENTS + 1).toISOString() }, auditor);
    expect(codes(future)).toEqual(['BAD_USER_INPUT']);
    expect(future.errors?.[0]?.message).toMatch(/is after now .*leave asOf out for the current state/);
    expect(future.errors?.[0]?.extensions?.issues).toEqual([{ path: 'asOf', message: expect.any(String) }]);
    const present = await h.gql(pastTickets(1), { id: ticketId, asOf: at(EVENTS).toISOString() }, auditor);
    expect(present.data?.t0).toEqual({ version: EVENTS, priority: 'low' });
  });

  it('refuses 200 aliased past views by their cost, before running any', async () => {
    const response = await h.gql(pastTickets(200, 'id'), { id: ticketId, asOf: at(EVENTS).toISOString() }, auditor);
    expect(codes(response)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(response.data).toBeUndefined();
  });

  it('refuses the past views that would replay more than the request may, and answers the others', async () => {
    const response = await h.gql(pastTickets(2), { id: ticketId, asOf: at(EVENTS).toISOString() }, auditor);
    expect(codes(response)).toEqual(['REPLAY_BUDGET_EXCEEDED']);
    expect(response.errors?.[0]?.message).toMatch(/replays 20 events/);
    expect(response.data).toEqual({ t0: { version: EVENTS, priority: 'low' }, t1: null });
  });

  it("charges a past view's messages by the history they are read from", async () => {
    const response = await h.gql(
      pastTickets(1, 'version messages { body }'),
      { id: ticketId, asOf: at(EVENTS).toISOString() },
      auditor,
    );
    expect(codes(response)).toEqual(['REPLAY_BUDGET_EXCEEDED']);
    const early = await h.gql(
      pastTickets(1, 'version messages { body }'),
      { id: ticketId, asOf: at(3).toISOString() },
      auditor,
    );
    expect(early.errors).toBeUndefined();
    expect(early.data?.t0).toEqual({ version: 3, messages: [{ body: 'Pages take 10s' }] });
  });
});

describe('messages(first:)', () => {
  it('returns the first messages asked for and refuses a count out of range', async () => {
    const customer = await h.token('customer', 'cust-1');
    h.clock.now = at(EVENTS + 1);
    for (const body of ['One', 'Two']) {
      const replied = await h.gql(
        'mutation($id: ID!, $b: String!) { customerReply(input: { ticketId: $id, body: $b }) { version } }',
        { id: ticketId, b: body },
        customer,
      );
      expect(replied.errors).toBeUndefined();
    }
    const query = 'query($id: ID!, $n: Int) { ticket(id: $id) { messages(first: $n) { body } } }';
    await expect
      .poll(async () => (await h.gql(query, { id: ticketId, n: 2 }, auditor)).data?.ticket)
      .toEqual({ messages: [{ body: 'Pages take 10s' }, { body: 'One' }] });
    expect(codes(await h.gql(query, { id: ticketId, n: 0 }, auditor))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.gql(query, { id: ticketId, n: 101 }, auditor))).toEqual(['BAD_USER_INPUT']);
  });

  it('gives each message the same id in the live view and in a past one', async () => {
    const live = 'query($id: ID!) { ticket(id: $id) { messages(first: 1) { messageId body } } }';
    const past = 'query($id: ID!, $a: DateTime) { ticket(id: $id, asOf: $a) { messages { messageId body } } }';
    const then = field<{ messages: { messageId: string }[] }>(
      // Early enough for this harness's small replay budget: the description alone.
      await h.gql(past, { id: ticketId, a: at(3).toISOString() }, auditor),
      'ticket',
    );
    expect(then.messages[0]?.messageId).toBe(`ticket-${ticketId}:1`);
    await expect
      .poll(async () => field<{ messages: unknown[] }>(await h.gql(live, { id: ticketId }, auditor), 'ticket').messages)
      .toEqual(then.messages);
  });
});
