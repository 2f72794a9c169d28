import { tamperWithEvents } from '@support-engine/eventstore-postgres/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, type GqlResponse, T0 } from './testing/harness.fixture.js';

let h: ApiHarness;
let agent: string;
let customer: string;
let auditor: string;

const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

interface Result {
  id: string;
  version: number;
  consistencyToken: string;
  ticketId: string | null;
}

async function run(query: string, token: string, variables: Record<string, unknown> = {}): Promise<Result> {
  const response = await h.gql(query, variables, token);
  expect(response.errors).toBeUndefined();
  return Object.values(response.data ?? {})[0] as Result;
}

/** Opens a ticket for a customer of this file with the given subject, description and channel, as `token`. */
const openTicket = (
  token: string,
  fields: { customer?: string; subject: string; description: string; channel?: string },
) =>
  run(
    'mutation($c: ID!, $s: String!, $d: String!, $ch: TicketChannel!) { openTicket(input: { customerId: $c, subject: $s, description: $d, channel: $ch }) { id version consistencyToken ticketId } }',
    token,
    { c: fields.customer ?? 'cust-7', s: fields.subject, d: fields.description, ch: fields.channel ?? 'web' },
  );

const TICKET_QUERY = `query($id: ID!, $t: String, $asOf: DateTime) {
  ticket(id: $id, consistencyToken: $t, asOf: $asOf) { id status assigneeId version asOf messages { body internal authorKind } }
}`;

beforeAll(async () => {
  h = await createApiHarness();
  agent = await h.token('agent', 'agent-7');
  customer = await h.token('customer', 'cust-7');
  auditor = await h.token('auditor', 'auditor-1');
  const registered = await h.gql(
    'mutation { registerAgent(input: { agentId: "agent-7", name: "Agent Seven" }) { id } }',
    {},
    await h.token('supervisor', 'sup-1'),
  );
  expect(registered.errors).toBeUndefined();
});
afterAll(async () => h?.close());

describe('read-your-writes', () => {
  it('shows each write to the query that carries its token', async () => {
    h.clock.now = at(0);
    const opened = await openTicket(customer, { subject: 'VPN down', description: 'Cannot connect' });
    expect(opened.version).toBe(1);
    const first = await h.gql(TICKET_QUERY, { id: opened.id, t: opened.consistencyToken }, customer);
    expect(first.data?.ticket).toMatchObject({ id: opened.id, status: 'new', version: 1, asOf: null });

    h.clock.now = at(1);
    const replied = await run(
      'mutation($id: ID!) { replyToTicket(input: { ticketId: $id, body: "Which client?", nextStatus: waiting_customer }) { id version consistencyToken ticketId } }',
      agent,
      { id: opened.id },
    );
    expect(replied.version).toBeGreaterThan(1);
    const second = await h.gql(TICKET_QUERY, { id: opened.id, t: replied.consistencyToken }, customer);
    expect(second.data?.ticket).toMatchObject({ status: 'waiting_customer', version: replied.version });
  });

  it('refuses a token it did not hand out, whether the field reads a read model or the log', async () => {
    // The history is read from the event store: nothing to wait for, the token judged all the same.
    const HISTORY = 'query($id: ID!, $t: String) { ticketHistory(ticketId: $id, consistencyToken: $t) { type } }';
    const issuePaths = (response: GqlResponse) =>
      ((response.errors?.[0]?.extensions?.issues ?? []) as { path: string }[]).map((issue) => issue.path);
    // A transaction long past (the read model has passed it) with a position the log never used:
    // made up too, though it compares as passed.
    const { id, consistencyToken } = await openTicket(customer, { subject: 'Token', description: 'Forged' });
    expect((await h.gql(TICKET_QUERY, { id, t: consistencyToken }, customer)).errors).toBeUndefined();
    const unusedPosition = `${consistencyToken.split('.')[0]}.1.zzzzzz`;
    for (const query of [TICKET_QUERY, HISTORY]) {
      const malformed = await h.gql(query, { id: 'x', t: 'not-a-token' }, agent);
      expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
      // Named by the argument, and worded, as every bad input is.
      expect(issuePaths(malformed)).toEqual(['consistencyToken']);
      expect(malformed.errors?.[0]?.message).toMatch(/^Invalid input: consistencyToken: /);
      // Well formed but past the log's end (it would have timed out as CONSISTENCY_TIMEOUT), and past
      // anything the database's types hold: refused at once as the client's error.
      for (const forged of ['c1.zzzzzz.zz', `c1.${'z'.repeat(30)}.${'z'.repeat(30)}`, unusedPosition]) {
        const refused = await h.gql(query, { id: 'x', t: forged }, agent);
        expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
        expect(refused.errors?.[0]?.message).toMatch(/past the end of the event log/);
        expect(issuePaths(refused)).toEqual(['consistencyToken']);
      }
    }
  });
});

describe('internal notes', () => {
  it('are shown to staff and never to the customer', async () => {
    const opened = await openTicket(customer, { subject: 'Invoice', description: 'Wrong total', channel: 'email' });
    const note = await run(
      'mutation($id: ID!) { replyToTicket(input: { ticketId: $id, body: "customer is on legacy plan", visibility: internal }) { id version consistencyToken ticketId } }',
      agent,
      { id: opened.id },
    );
    const bodies = async (token: string) => {
      const response = await h.gql(TICKET_QUERY, { id: opened.id, t: note.consistencyToken }, token);
      return field<{ messages: { body: string }[] }>(response, 'ticket').messages.map((m) => m.body);
    };
    expect(await bodies(agent)).toEqual(['Wrong total', 'customer is on legacy plan']);
    expect(await bodies(customer)).toEqual(['Wrong total']);
    const search = await h.gql(
      'query($t: String) { tickets(filter: { search: "legacy" }, consistencyToken: $t) { items { id } } }',
      { t: note.consistencyToken },
      customer,
    );
    expect(search.data?.tickets).toEqual({ items: [] });
    // Messages of listed tickets are loaded per ticket, with the same filter.
    const listed = await h.gql('{ tickets { items { id messages { body } } } }', {}, customer);
    const items = field<{ items: { id: string; messages: { body: string }[] }[] }>(listed, 'tickets').items;
    expect(items.find((item) => item.id === opened.id)?.messages).toEqual([{ body: 'Wrong total' }]);
  });
});

describe('the past and the audit trail', () => {
  it("shows a description as the customer's, as of any instant, when an agent opened the ticket", async () => {
    h.clock.now = at(20);
    const opened = await openTicket(agent, {
      customer: 'cust-8',
      subject: 'Call',
      description: 'Card declined',
      channel: 'phone',
    });
    h.clock.now = at(21);
    const past = await h.gql(TICKET_QUERY, { id: opened.id, asOf: at(20).toISOString() }, auditor);
    expect(field<{ messages: unknown[] }>(past, 'ticket').messages).toEqual([
      { body: 'Card declined', internal: false, authorKind: 'customer' },
    ]);
  });

  it('answers as-of queries from the events and lists who did what', async () => {
    h.clock.now = at(10);
    const opened = await openTicket(customer, { subject: 'Slow site', description: 'Pages take 10s' });
    h.clock.now = at(12);
    await run(
      'mutation($id: ID!) { assignTicket(input: { ticketId: $id, agentId: "agent-7", reason: "on shift" }) { id version consistencyToken ticketId } }',
      agent,
      {
        id: opened.id,
      },
    );
    h.clock.now = at(14);
    await run(
      'mutation($id: ID!) { replyToTicket(input: { ticketId: $id, body: "Fixed the cache", nextStatus: resolved }) { id version consistencyToken ticketId } }',
      agent,
      {
        id: opened.id,
      },
    );

    const past = await h.gql(TICKET_QUERY, { id: opened.id, asOf: at(13).toISOString() }, auditor);
    expect(past.data?.ticket).toMatchObject({
      status: 'new',
      assigneeId: 'agent-7',
      asOf: at(13).toISOString(),
      messages: [{ body: 'Pages take 10s' }],
    });
    const before = await h.gql(TICKET_QUERY, { id: opened.id, asOf: at(9).toISOString() }, auditor);
    expect(before.data?.ticket).toBeNull();
    // "Had we answered by then?": the first public reply, as of before and after it.
    const answered = async (instant: Date) =>
      field<{ firstResponseAt: string | null; followUpRequested: boolean; sla: unknown }>(
        await h.gql(
          'query($id: ID!, $asOf: DateTime) { ticket(id: $id, asOf: $asOf) { firstResponseAt followUpRequested sla { state } } }',
          { id: opened.id, asOf: instant.toISOString() },
          auditor,
        ),
        'ticket',
      );
    expect(await answered(at(13))).toEqual({ firstResponseAt: null, followUpRequested: false, sla: null });
    expect((await answered(at(14))).firstResponseAt).toBe(at(14).toISOString());

    const history = await h.gql(
      'query($id: ID!) { ticketHistory(ticketId: $id) { type at actor { id role } reason } }',
      { id: opened.id },
      auditor,
    );
    const entries = history.data?.ticketHistory as {
      type: string;
      actor: { id: string; role: string };
      reason: string | null;
    }[];
    expect(entries.map((e) => e.type)).toEqual([
      'TicketOpened',
      'TicketAssigned',
      'TicketStatusChanged',
      'TicketAgentReplied',
      'TicketStatusChanged',
    ]);
    expect(entries[0]!.actor).toEqual({ id: 'cust-7', role: 'customer' });
    expect(entries[1]).toMatchObject({ actor: { id: 'agent-7', role: 'agent' }, reason: 'on shift' });

    // A mistyped id is no history at all, not an empty one, named as the caller named it.
    for (const [query, message] of [
      ['ticketHistory(ticketId: "no-such-ticket") { type }', 'No ticket "no-such-ticket"'],
      ['chatHistory(chatId: "no-such-chat") { type }', 'No chat "no-such-chat"'],
      ['verifyTicketHistory(ticketId: "no-such-ticket") { ok }', 'No ticket "no-such-ticket"'],
      ['verifyChatHistory(chatId: "no-such-chat") { ok }', 'No chat "no-such-chat"'],
      ['ticketSla(ticketId: "no-such-ticket") { status }', 'No ticket "no-such-ticket"'],
    ]) {
      const refused = await h.gql(`{ ${query} }`, {}, auditor);
      expect(codes(refused)).toEqual(['NOT_FOUND']);
      expect(refused.errors?.[0]?.message).toBe(message);
    }

    const verified = await h.gql(
      'query($id: ID!) { verifyTicketHistory(ticketId: $id) { ok altered { version } } }',
      { id: opened.id },
      auditor,
    );
    expect(verified.data?.verifyTicketHistory).toEqual({ ok: true, altered: [] });
    // A ticket that exists has no live clocks here (this harness runs no workflows): null, not refused.
    const clocks = await h.gql('query($id: ID!) { ticketSla(ticketId: $id) { status } }', { id: opened.id }, auditor);
    expect(clocks.errors).toBeUndefined();
    expect(clocks.data).toEqual({ ticketSla: null });
  });
});

describe('a history event', () => {
  it('names its place in the log, its command and its request, to line it up with verification and logs', async () => {
    h.clock.now = at(40);
    const opened = field<{ id: string }>(
      await h.gql(
        'mutation { openTicket(input: { customerId: "cust-7", subject: "Fax", description: "Out of paper", channel: web }, commandId: "hist-1") { id } }',
        {},
        customer,
      ),
      'openTicket',
    );
    const [first] = field<{ globalPosition: string; commandId: string | null; correlationId: string | null }[]>(
      await h.gql(
        'query($id: ID!) { ticketHistory(ticketId: $id) { globalPosition commandId correlationId } }',
        { id: opened.id },
        auditor,
      ),
      'ticketHistory',
    );
    expect(first?.globalPosition).toMatch(/^[1-9]\d*$/);
    expect(first?.commandId).toBe('customer:cust-7:hist-1');
    expect(first?.correlationId).toEqual(expect.any(String));
  });

  it('comes in pages by version, for a long history', async () => {
    h.clock.now = at(41);
    const opened = await openTicket(customer, { subject: 'Scanner', description: 'Blank pages' });
    for (const body of ['One?', 'Two?', 'Three?'])
      await run('mutation($id: ID!, $b: String!) { replyToTicket(input: { ticketId: $id, body: $b }) { id } }', agent, {
        id: opened.id,
        b: body,
      });
    const page = async (variables: Record<string, unknown>) =>
      h.gql(
        'query($id: ID!, $after: Int, $first: Int) { ticketHistory(ticketId: $id, afterVersion: $after, first: $first) { version } }',
        { id: opened.id, ...variables },
        auditor,
      );
    const versions = async (variables: Record<string, unknown>) =>
      field<{ version: number }[]>(await page(variables), 'ticketHistory').map((event) => event.version);
    const all = await versions({});
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(await versions({ after: 1, first: 2 })).toEqual(all.slice(1, 3));
    expect(await versions({ after: 2 })).toEqual(all.slice(2));
    expect(await versions({ after: all.length })).toEqual([]);
    // The largest Int a client can send: a page past the end, not a fault.
    expect(await versions({ after: 2 ** 31 - 1, first: 1000 })).toEqual([]);
    for (const bad of [{ after: -1 }, { first: 0 }, { first: 1001 }])
      expect(codes(await page(bad))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await h.gql('{ ticketHistory(ticketId: "no-such-ticket", afterVersion: 3) { version } }', {}, auditor)),
    ).toEqual(['NOT_FOUND']);
  });
});

describe('any stream', () => {
  it('reads and verifies by its name for auditors: who registered an agent, and when', async () => {
    const events = field<{ type: string; actor: { id: string } }[]>(
      await h.gql(
        'query($s: String!) { streamEvents(streamId: $s) { type actor { id } } }',
        { s: 'agent-agent-7' },
        auditor,
      ),
      'streamEvents',
    );
    expect(events[0]).toEqual({ type: 'AgentRegistered', actor: { id: 'sup-1' } });
    const verify = 'query($s: String!) { verifyStream(streamId: $s) { ok } }';
    expect(field(await h.gql(verify, { s: 'agent-agent-7' }, auditor), 'verifyStream')).toEqual({ ok: true });
    const missing = await h.gql(verify, { s: 'agent-nobody' }, auditor);
    expect(codes(missing)).toEqual(['NOT_FOUND']);
    expect(missing.errors?.[0]?.message).toBe('No stream "agent-nobody" in the event log');
    // An id of any length is named, but not echoed whole.
    const long = await h.gql(verify, { s: `agent-${'x'.repeat(10_000)}` }, auditor);
    expect(codes(long)).toEqual(['NOT_FOUND']);
    expect(long.errors?.[0]?.message).toMatch(/^No stream "agent-x+…$/);
    expect(long.errors?.[0]?.message.length).toBe(1_000);
    expect(codes(await h.gql(verify, { s: 'agent-agent-7' }, agent))).toEqual(['FORBIDDEN']);
  });
});

describe('a ticket whose history was altered outside the engine', () => {
  it('is refused as HISTORY_INVALID in a past view, and verification says where the chain breaks', async () => {
    h.clock.now = at(30);
    const opened = await openTicket(customer, { subject: 'Printer', description: 'Jams' });
    h.clock.now = at(31);
    await run('mutation($id: ID!) { replyToTicket(input: { ticketId: $id, body: "Which model?" }) { id } }', agent, {
      id: opened.id,
    });
    // Its opening deleted, as someone with rights on the table could.
    await tamperWithEvents(
      h.store,
      sql`delete from events where stream_id = ${`ticket-${opened.id}`} and stream_version = 1`,
    );
    h.clock.now = at(32);
    const past = await h.gql(TICKET_QUERY, { id: opened.id, asOf: at(31.5).toISOString() }, auditor);
    expect(codes(past)).toEqual(['HISTORY_INVALID']);
    const verified = await h.gql(
      'query($id: ID!) { verifyTicketHistory(ticketId: $id) { ok altered { version problem } } }',
      { id: opened.id },
      auditor,
    );
    // The chain breaks where the first remaining event points at the deleted one.
    expect(verified.data?.verifyTicketHistory).toEqual({
      ok: false,
      altered: [{ version: 2, problem: 'broken_link' }],
    });
  });

  it('is refused as HISTORY_INVALID in a past view when an event no longer matches its schema', async () => {
    h.clock.now = at(40);
    const opened = await openTicket(customer, { subject: 'Router', description: 'Blinks' });
    h.clock.now = at(41);
    const changed = await run(
      'mutation($id: ID!) { changeTicketPriority(input: { ticketId: $id, priority: high }) { consistencyToken } }',
      agent,
      { id: opened.id },
    );
    // The read model has the change before it is altered (its projector would stop on it, rightly).
    await run(TICKET_QUERY, auditor, { id: opened.id, t: changed.consistencyToken });
    await tamperWithEvents(
      h.store,
      sql`update events set data = jsonb_set(data, '{to}', '"bogus"') where stream_id = ${`ticket-${opened.id}`} and stream_version = 2`,
    );
    h.clock.now = at(42);
    const past = await h.gql(TICKET_QUERY, { id: opened.id, asOf: at(41.5).toISOString() }, auditor);
    expect(codes(past)).toEqual(['HISTORY_INVALID']);
    expect(past.errors?.[0]?.message).toContain('audit verify');
  });
});

describe('chat history', () => {
  const VERIFY = 'query($id: ID!) { verifyChatHistory(chatId: $id) { ok altered { streamId version problem } } }';

  it('is verified like a ticket’s: intact, then the edited event named', async () => {
    h.clock.now = at(20);
    const started = await run(
      'mutation { startChat(input: { customerId: "cust-7", firstMessage: { body: "Is anyone there?" } }) { id version consistencyToken ticketId } }',
      customer,
    );
    const history = field<{ type: string }[]>(
      await h.gql('query($id: ID!) { chatHistory(chatId: $id) { type } }', { id: started.id }, auditor),
      'chatHistory',
    );
    expect(history.slice(0, 2).map((event) => event.type)).toEqual(['ChatStarted', 'ChatMessageSent']);
    expect(field(await h.gql(VERIFY, { id: started.id }, auditor), 'verifyChatHistory')).toEqual({
      ok: true,
      altered: [],
    });

    // As someone with rights on the table could: the append-only guard lifted, the first message rewritten.
    await tamperWithEvents(
      h.store,
      sql`update events set data = jsonb_set(data, '{body}', '"Never mind"')
        where stream_id = ${`chat-${started.id}`} and stream_version = 2`,
    );
    expect(field(await h.gql(VERIFY, { id: started.id }, auditor), 'verifyChatHistory')).toEqual({
      ok: false,
      altered: [{ streamId: `chat-${started.id}`, version: 2, problem: 'altered' }],
    });
  });

  it('is for supervisors, admins and auditors, not agents or customers', async () => {
    for (const token of [agent, customer]) {
      const response = await h.gql(VERIFY, { id: 'any' }, token);
      expect(codes(response)).toEqual(['FORBIDDEN']);
    }
  });
});

describe("the customer's view of a ticket", () => {
  it('leaves out the tier, the supervisors queue and the SLA clocks, which staff read', async () => {
    const opened = await openTicket(customer, { subject: 'Slow exports', description: 'Takes an hour' });
    const QUERY =
      'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { tier withSupervisors sla { state } } }';
    const read = async (token: string) =>
      field<{ tier: number | null; withSupervisors: boolean; sla: unknown }>(
        await h.gql(QUERY, { id: opened.id, t: opened.consistencyToken }, token),
        'ticket',
      );
    expect(await read(customer)).toEqual({ tier: null, withSupervisors: false, sla: null });
    const staff = await read(agent);
    expect(staff.tier).toBe(1);
    expect(staff.sla).toEqual({ state: expect.any(String) });
  });
});
