import { Role } from '@support-engine/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerRule, OPERATIONS, POLICY, roleAllows } from './auth/policy.js';
import { API_ERROR_CODES } from './errors/codes.js';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';
import {
  AGENT,
  CALLABLE,
  CHAT,
  FIXTURES,
  mutation as mutationOf,
  OWNER,
  SUBSCRIPTIONS,
  TICKET,
} from './testing/operations.fixture.js';

// The authorization matrix: every role against every query and mutation of the policy table,
// over HTTP. Subscriptions get theirs in subscriptions.int.test.ts.

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
  const admin = await h.token('admin', 'admin-1');
  const seeds = [
    [admin, 'mutation { registerAgent(input: { agentId: "agent-1", name: "Ada" }) { id } }'],
    [
      await h.token('agent', AGENT),
      'mutation { setAgentAvailability(input: { agentId: "agent-1", availability: available }) { id } }',
    ],
    // Staff may choose ids; customers get theirs from the server.
    [
      admin,
      `mutation { openTicket(input: { ticketId: "${TICKET}", customerId: "${OWNER}", subject: "Mine", description: "Help", channel: web }) { id } }`,
    ],
    [
      admin,
      `mutation { startChat(input: { chatId: "${CHAT}", customerId: "${OWNER}", firstMessage: { body: "Hi" } }) { id } }`,
    ],
  ] as const;
  for (const [token, query] of seeds) expect((await h.gql(query, {}, token)).errors).toBeUndefined();
});
afterAll(async () => h?.close());

it('has a fixture for every query and mutation of the policy table', () => {
  expect(CALLABLE).toHaveLength(OPERATIONS.length - SUBSCRIPTIONS.length);
});

// Before the matrix: its registerCustomer calls write events the projections cannot read yet.
describe('scoped reads', () => {
  it("never shows a customer another customer's tickets", async () => {
    const other = await h.token('customer', 'cust-other');
    const opened = await h.gql(
      'mutation { openTicket(input: { customerId: "cust-other", subject: "Theirs", description: "x", channel: web }) { consistencyToken } }',
      {},
      other,
    );
    const token = field<{ consistencyToken: string }>(opened, 'openTicket').consistencyToken;
    const query =
      'query($t: String, $c: ID) { tickets(filter: { customerId: $c }, consistencyToken: $t) { items { customerId } } }';
    const mine = await h.gql(query, { t: token, c: 'cust-other' }, await h.token('customer', OWNER));
    const items = field<{ items: { customerId: string }[] }>(mine, 'tickets').items;
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((item) => item.customerId))).toEqual(new Set([OWNER]));
  });

  it('lists every customer for staff', async () => {
    const all = await h.gql('{ tickets { items { customerId } } }', {}, await h.token('agent', AGENT));
    const customers = new Set(
      field<{ items: { customerId: string }[] }>(all, 'tickets').items.map((i) => i.customerId),
    );
    expect(customers).toEqual(new Set([OWNER, 'cust-other']));
  });
});

describe.each(CALLABLE)('%s', (operation) => {
  const { query, variables } = FIXTURES[operation];

  it.each(Role.options)('as %s', async (role) => {
    const caller = role === 'customer' ? OWNER : `${role}-1`;
    // The caller's own writes: the router may assign a ticket an allowed call put back in the queue meanwhile.
    const writtenBy = async () =>
      Number(
        (
          await sql<{
            count: string;
          }>`select count(*) as count from events where actor_id = ${caller}`.execute(h.store.db)
        ).rows[0]!.count,
      );
    const before = await writtenBy();
    const response = await h.gql(query, variables, await h.token(role, caller));
    expect(response.status).toBeLessThan(500);
    for (const code of codes(response)) expect(API_ERROR_CODES).toContain(code);
    if (roleAllows(operation, role)) {
      // Allowed by the policy: the domain may still refuse (state, assignment), never the policy.
      expect(response.errors?.filter((e) => e.extensions?.policy !== undefined) ?? []).toEqual([]);
    } else {
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
      expect(response.data?.[operation] ?? null).toBeNull();
      expect(await writtenBy()).toBe(before);
    }
  });

  it('refuses anonymous callers', async () => {
    const before = await h.eventCount();
    expect(codes(await h.gql(query, variables))).toEqual(['UNAUTHENTICATED']);
    expect(await h.eventCount()).toBe(before);
  });

  const rule = roleAllows(operation, 'customer') ? customerRule(operation) : undefined;
  if (rule?.kind === 'customer') {
    it("refuses to act for another customer's profile", async () => {
      const before = await h.eventCount();
      const response = await h.gql(query, variables, await h.token('customer', 'cust-other'));
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'ownership' });
      expect(await h.eventCount()).toBe(before);
    });
  }
  if (rule?.kind === 'ticket' || rule?.kind === 'chat') {
    it("answers another customer's ticket or chat exactly as an unknown one", async () => {
      const id = rule.kind === 'ticket' ? TICKET : CHAT;
      const other = await h.token('customer', 'cust-other');
      const before = await h.eventCount();
      const theirs = await h.gql(query, variables, other);
      const unknown = await h.gql(query.replaceAll(id, 'none'), replaceIds(variables, id, 'none'), other);
      expect(theirs.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
      expect(theirs.errors?.[0]?.message.replaceAll(id, 'none')).toBe(unknown.errors?.[0]?.message);
      expect(theirs.errors?.[0]?.extensions).toEqual(unknown.errors?.[0]?.extensions);
      expect(theirs.data).toEqual(unknown.data);
      expect(await h.eventCount()).toBe(before);
    });
  }
});

/** `variables` with every string equal to `from` replaced by `to`. */
function replaceIds(variables: Record<string, unknown> | undefined, from: string, to: string) {
  return JSON.parse(JSON.stringify(variables ?? {}).replaceAll(JSON.stringify(from), JSON.stringify(to)));
}

describe('ids the server assigns for customers', () => {
  const calls = [
    ['openTicket', TICKET, { customerId: OWNER, subject: 'Again', description: 'x', channel: 'web' }, 'ticketId'],
    ['startChat', CHAT, { customerId: OWNER }, 'chatId'],
  ] as const;

  it.each(calls)('%s refuses a customer-chosen id alike, taken or free', async (name, taken, input, idField) => {
    const other = await h.token('customer', 'cust-other');
    const before = await h.eventCount();
    const answers = [];
    for (const id of [taken, 'never-used']) {
      const { query, variables } = mutationOf(name, { ...input, customerId: 'cust-other', [idField]: id });
      const response = await h.gql(query, variables, other);
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      answers.push(response.errors?.[0]?.message);
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).toContain(idField);
    expect(await h.eventCount()).toBe(before);
  });

  it('still tells staff an id is taken', async () => {
    const { query, variables } = mutationOf('openTicket', { ...calls[0][2], ticketId: TICKET });
    expect(codes(await h.gql(query, variables, await h.token('agent', AGENT)))).toEqual(['ALREADY_EXISTS']);
  });
});

it('keeps its policy table consistent with the matrix above', () => {
  expect(Object.keys(POLICY)).toEqual(OPERATIONS);
});

// CORS is configured by `corsOrigins` alone (none here): graphql-yoga's own CORS handling, which
// would answer any origin with credentials allowed, must not override it.
it('grants no cross-origin access when no origin is configured', async () => {
  const origin = 'https://elsewhere.example';
  const token = await h.token('agent', AGENT);
  const post = await h.app.inject({
    method: 'POST',
    url: GRAPHQL_PATH,
    headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify({ query: '{ ticketStatusCounts { total } }' }),
  });
  expect(post.statusCode).toBe(200);
  expect(post.headers['access-control-allow-origin']).toBeUndefined();
  expect(post.headers['access-control-allow-credentials']).toBeUndefined();
  const preflight = await h.app.inject({
    method: 'OPTIONS',
    url: GRAPHQL_PATH,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
  });
  expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  // Without an allowed origin, OPTIONS is a method the route does not take.
  expect(preflight.statusCode).toBe(404);
  expect(preflight.json().errors[0].extensions.code).toBe('NOT_FOUND');
});

it('answers the preflight of an allowed origin, and only of it', async () => {
  const allowed = 'https://app.example';
  const cors = await createApiHarness({ config: { corsOrigins: [allowed] } });
  try {
    const preflight = (origin: string) =>
      cors.app.inject({
        method: 'OPTIONS',
        url: GRAPHQL_PATH,
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const ok = await preflight(allowed);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(allowed);
    expect((await preflight('https://elsewhere.example')).headers['access-control-allow-origin']).toBeUndefined();
  } finally {
    await cors.close();
  }
});

it('refuses a JSON body that holds no document, saying so', async () => {
  for (const payload of ['{}', '{"variables":{}}']) {
    const response = await h.app.inject({
      method: 'POST',
      url: GRAPHQL_PATH,
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toEqual({
      message: 'Must provide query string.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
});

it('refuses a subscription sent without accepting a stream in the GraphQL error shape', async () => {
  const token = await h.token('agent', AGENT);
  const response = await h.app.inject({
    method: 'POST',
    url: GRAPHQL_PATH,
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    payload: JSON.stringify({ query: `subscription { ticketUpdated(ticketId: "${TICKET}") { version } }` }),
  });
  expect(response.statusCode).toBe(406);
  expect(response.json().errors[0]).toMatchObject({
    message: expect.stringContaining('text/event-stream'),
    extensions: { code: 'BAD_USER_INPUT' },
  });
});

it('refuses a request whose Accept rules out every answer before running it: a mutation writes nothing', async () => {
  const token = await h.token('agent', AGENT);
  const before = await h.eventCount();
  for (const accept of ['text/plain', 'application/xml, text/html;q=0.9', 'application/json;q=0']) {
    const response = await h.app.inject({
      method: 'POST',
      url: GRAPHQL_PATH,
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${token}` },
      payload: JSON.stringify({
        query: `mutation { addTicketTags(input: { ticketId: "${TICKET}", tags: ["probe"] }) { version } }`,
      }),
    });
    expect([accept, response.statusCode]).toEqual([accept, 406]);
    expect(response.json().errors[0]).toMatchObject({
      message: expect.stringContaining('nothing was run'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  expect(await h.eventCount()).toBe(before);
  // Any range that admits JSON runs it.
  for (const accept of ['*/*', 'application/*', 'text/html, application/json;q=0.5']) {
    const response = await h.app.inject({
      method: 'POST',
      url: GRAPHQL_PATH,
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${token}` },
      payload: JSON.stringify({ query: '{ __typename }' }),
    });
    expect([accept, response.statusCode]).toEqual([accept, 200]);
  }
});

// RFC 7235: the authentication scheme is case-insensitive; some clients and proxies send `bearer`.
it('accepts the bearer scheme in any case over HTTP', async () => {
  const token = await h.token('agent', AGENT);
  for (const scheme of ['bearer', 'BEARER']) {
    const post = await h.app.inject({
      method: 'POST',
      url: GRAPHQL_PATH,
      headers: { 'content-type': 'application/json', authorization: `${scheme} ${token}` },
      payload: JSON.stringify({ query: '{ ticketStatusCounts { total } }' }),
    });
    expect(post.json()).not.toHaveProperty('errors');
  }
});
