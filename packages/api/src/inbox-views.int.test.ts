import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// The desk inbox's saved views over GraphQL: the channel filter, the guide's staleness rules
// (stale: true, from the domain's staleBounds) and ticketCount, which counts what tickets lists.

const HOUR = 3_600_000;
let h: ApiHarness;
let agent: string;
let customer: string;
const ids: Record<'web' | 'email' | 'api', string> = { web: '', email: '', api: '' };
let token = '';

async function run(query: string, variables: Record<string, unknown>, as = agent) {
  return h.gql(query, variables, as);
}

beforeAll(async () => {
  h = await createApiHarness();
  agent = await h.token('agent', 'agent-views');
  customer = await h.token('customer', 'cust-views');
  const portal = await h.token('system', 'portal');
  for (const channel of ['web', 'email', 'api'] as const) {
    const opened = await run(
      `mutation($c: TicketChannel!) { openTicket(input: { customerId: "${channel === 'api' ? 'cust-other' : 'cust-views'}", subject: "Via ${channel}", description: "x", channel: $c }) { id } }`,
      { c: channel },
      portal,
    );
    ids[channel] = field<{ id: string }>(opened, 'openTicket').id;
  }
  const move = async (id: string, to: string) =>
    field<{ consistencyToken: string }>(
      await run(
        'mutation($id: ID!, $to: TicketStatus!) { changeTicketStatus(input: { ticketId: $id, to: $to }) { consistencyToken } }',
        { id, to },
      ),
      'changeTicketStatus',
    ).consistencyToken;
  await move(ids.web, 'in_progress');
  await move(ids.email, 'in_progress');
  token = await move(ids.email, 'waiting_customer');
});
afterAll(async () => h?.close());

const LIST =
  'query($f: TicketFilter, $t: String) { tickets(filter: $f, first: 100, consistencyToken: $t) { items { id } } }';
const listed = async (f: Record<string, unknown>, as = agent) =>
  field<{ items: { id: string }[] }>(await run(LIST, { f, t: token }, as), 'tickets')
    .items.map((ticket) => ticket.id)
    .sort();
const counted = async (f: Record<string, unknown>, as = agent) =>
  field<number>(
    await run(
      'query($f: TicketFilter, $t: String) { ticketCount(filter: $f, consistencyToken: $t) }',
      { f, t: token },
      as,
    ),
    'ticketCount',
  );

describe('the inbox views', () => {
  it('filter by channel, and count what they list', async () => {
    expect(await listed({ channel: ['web', 'api'] })).toEqual([ids.web, ids.api].sort());
    expect(await counted({ channel: ['web', 'api'] })).toBe(2);
    expect(await counted({})).toBe(3);
    expect(await counted({ status: ['waiting_customer'] })).toBe(1);
    // Aliased, several views in one request.
    const both = await run('{ web: ticketCount(filter: { channel: [web] }) all: ticketCount }', {});
    expect(both.data).toEqual({ web: 1, all: 3 });
  });

  it('keep the stale ones by the guide: in progress over 24 hours, waiting over 3 days', async () => {
    const start = h.clock.now;
    try {
      expect(await listed({ stale: true })).toEqual([]);
      h.clock.now = new Date(start.getTime() + 25 * HOUR);
      expect(await listed({ stale: true })).toEqual([ids.web]);
      expect(await counted({ stale: true })).toBe(1);
      h.clock.now = new Date(start.getTime() + 73 * HOUR);
      expect(await listed({ stale: true })).toEqual([ids.web, ids.email].sort());
      expect(await listed({ stale: true, status: ['waiting_customer'] })).toEqual([ids.email]);
      expect(await listed({ stale: false })).toHaveLength(3);
    } finally {
      h.clock.now = start;
    }
  });

  it('count only their own tickets for a customer, and refuse a bad filter', async () => {
    expect(await counted({}, customer)).toBe(2);
    const bad = await run('{ ticketCount(filter: { inStatusForMoreThan: -1 }) }', {});
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
