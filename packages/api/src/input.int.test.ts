import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_LIMITS } from './queries/tickets.js';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, codes, createApiHarness, type GqlResponse } from './testing/harness.fixture.js';

// Input PostgreSQL cannot store or evaluate must be refused as the client's mistake, naming
// the field, and write nothing: a NUL byte, an unpaired UTF-16 surrogate, a number no Int holds,
// and a search too long for the full-text parser.

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';

let h: ApiHarness;
let agent: string;

beforeAll(async () => {
  h = await createApiHarness();
  agent = await h.token('agent', 'agent-1');
  const opened = await h.gql(
    'mutation { openTicket(input: { ticketId: "t-1", customerId: "c-1", subject: "S", description: "D", channel: web }) { id } }',
    {},
    agent,
  );
  expect(opened.errors).toBeUndefined();
});
afterAll(async () => h?.close());

/** Sends `query`, expects one BAD_USER_INPUT whose message names `field`, and no new event. */
async function refused(query: string, variables: Record<string, unknown>, field: string) {
  const before = await h.eventCount();
  const response = await h.gql(query, variables, agent);
  expect(response.status).toBeLessThan(500);
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.errors?.[0]?.message).toContain(field);
  expect(await h.eventCount()).toBe(before);
}

const OPEN = 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }';
const open = (overrides: Record<string, unknown>) => ({
  input: { customerId: 'c-1', subject: 'Subject', description: 'Description', channel: 'web', ...overrides },
});

describe.each([
  ['a NUL byte', NUL],
  ['an unpaired surrogate', LONE_SURROGATE],
])('%s', (_name, bad) => {
  it('in an id', async () => {
    await refused(OPEN, open({ ticketId: bad }), 'input.ticketId');
    await refused('query($id: ID!) { ticket(id: $id) { id } }', { id: bad }, 'id');
  });

  it('in a subject', async () => {
    await refused(OPEN, open({ subject: bad }), 'input.subject');
  });

  it('in a body', async () => {
    await refused(OPEN, open({ description: bad }), 'input.description');
    await refused(
      'mutation($input: ReplyToTicketInput!) { replyToTicket(input: $input) { id } }',
      { input: { ticketId: 't-1', body: bad } },
      'input.body',
    );
  });

  it('in a search', async () => {
    await refused(
      'query($s: String) { tickets(filter: { search: $s }) { items { id } } }',
      { s: bad },
      'filter.search',
    );
  });

  it('in a command id', async () => {
    await refused(
      'mutation($input: OpenTicketInput!, $key: ID) { openTicket(input: $input, commandId: $key) { id } }',
      { ...open({}), key: bad },
      'commandId',
    );
  });
});

it('refuses a NUL written inline in the query', async () => {
  await refused('{ tickets(filter: { search: "a\\u0000b" }) { items { id } } }', {}, 'filter.search');
});

it('refuses an unpaired surrogate written inline in the query as a syntax error', async () => {
  await refused('{ tickets(filter: { search: "a\\ud800b" }) { items { id } } }', {}, 'Invalid Unicode escape');
});

it('refuses a page size no Int holds', async () => {
  await refused('{ tickets(first: 1e400) { items { id } } }', {}, '1e400');
  // JSON reads 1e400 as Infinity.
  const response = await h.app.inject({
    method: 'POST',
    url: GRAPHQL_PATH,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
    payload: '{"query": "query($n: Int) { tickets(first: $n) { items { id } } }", "variables": {"n": 1e400}}',
  });
  // Refused before any field ran: 400, as a mutation's variables are (queries run compiled).
  expect(response.statusCode).toBe(400);
  const { errors } = JSON.parse(response.body) as { errors: { message: string; extensions: { code: string } }[] };
  expect(errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  expect(errors[0]!.message).toContain('$n');
});

it("answers a query's variables that fail coercion with 400, as a mutation's", async () => {
  const send = async (query: string, variables: Record<string, unknown>) => {
    const response = await h.app.inject({
      method: 'POST',
      url: GRAPHQL_PATH,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
      payload: { query, variables },
    });
    const body = JSON.parse(response.body) as GqlResponse & { errors?: { locations?: unknown }[] };
    // Located at the variable's definition, as graphql-js locates its own.
    if (!('data' in body)) expect(body.errors?.[0]?.locations).toEqual([{ line: 1, column: query.indexOf('$') + 1 }]);
    return [response.statusCode, codes(body), 'data' in body] as const;
  };
  const refusedWith400 = [400, ['BAD_USER_INPUT'], false] as const;
  expect(await send('query($n: Int) { tickets(first: $n) { items { id } } }', { n: 'abc' })).toEqual(refusedWith400);
  expect(await send('query($n: Int!) { tickets(first: $n) { items { id } } }', {})).toEqual(refusedWith400);
  expect(
    await send('mutation($id: ID!) { addTicketTags(input: { ticketId: $id, tags: ["a"] }) { id } }', { id: {} }),
  ).toEqual(refusedWith400);
  // A field refused while running (a page size below one) is an answer, with its data.
  expect(await send('query($n: Int) { tickets(first: $n) { items { id } } }', { n: 0 })).toEqual([
    200,
    ['BAD_USER_INPUT'],
    true,
  ]);
});

it('refuses a page size below one, and a command id too long, naming them', async () => {
  await refused('{ tickets(first: 0) { items { id } } }', {}, 'first');
  await refused('{ tickets(first: -1) { items { id } } }', {}, 'first');
  await refused(
    'mutation($input: OpenTicketInput!, $key: ID) { openTicket(input: $input, commandId: $key) { id } }',
    { ...open({}), key: 'k'.repeat(3000) },
    'commandId',
  );
});

it('refuses a body that is not JSON in the GraphQL error shape, text included', async () => {
  for (const type of ['text/plain', 'application/xml']) {
    const response = await h.app.inject({
      method: 'POST',
      url: GRAPHQL_PATH,
      headers: { 'content-type': type, authorization: `Bearer ${agent}` },
      payload: '{"query":"{ __typename }"}',
    });
    expect([response.statusCode, codes(JSON.parse(response.body) as GqlResponse)]).toEqual([415, ['BAD_USER_INPUT']]);
  }
});

it('refuses a GraphQL multipart request, naming the way files are sent', async () => {
  const boundary = 'b0undary';
  const part = (name: string, body: string, file = '') =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file}\r\n\r\n${body}\r\n`;
  const response = await h.app.inject({
    method: 'POST',
    url: GRAPHQL_PATH,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${agent}` },
    payload: `${part('operations', '{"query":"{ __typename }"}')}${part('map', '{"0":["variables.f"]}')}${part('0', 'x', '; filename="x.png"')}--${boundary}--\r\n`,
  });
  expect([response.statusCode, codes(JSON.parse(response.body) as GqlResponse)]).toEqual([415, ['BAD_USER_INPUT']]);
  expect(response.body).toContain('createAttachmentUpload');
});

it('answers a route that does not exist, or a method a route does not take, with 404 NOT_FOUND, echoing nothing', async () => {
  for (const [method, url] of [
    ['GET', '/no-such-route'],
    ['DELETE', '/attachments/some-file'],
    ['POST', '/attachments/uploads/eyJzZWNyZXQiOiJncmFudCJ9.c2lnbmF0dXJl'],
  ] as const) {
    const response = await h.app.inject({ method, url, headers: { authorization: `Bearer ${agent}` } });
    expect([response.statusCode, codes(JSON.parse(response.body) as GqlResponse)]).toEqual([404, ['NOT_FOUND']]);
    expect(response.body).not.toContain(url.split('/').at(-1));
  }
});

it('refuses a mutation sent by GET with 405 and `Allow: POST`, writing nothing, and answers a query', async () => {
  const get = (query: string) =>
    h.app.inject({
      method: 'GET',
      url: `${GRAPHQL_PATH}?query=${encodeURIComponent(query)}`,
      headers: { accept: 'application/json', authorization: `Bearer ${agent}` },
    });
  const before = await h.eventCount();
  const mutation = await get(
    'mutation { openTicket(input: { customerId: "c-1", subject: "S", description: "D", channel: web }) { id } }',
  );
  expect([mutation.statusCode, mutation.headers.allow]).toEqual([405, 'POST']);
  const refusal = JSON.parse(mutation.body) as GqlResponse;
  expect(codes(refusal)).toEqual(['BAD_USER_INPUT']);
  expect(refusal.errors?.[0]?.message).toContain('POST');
  expect(await h.eventCount()).toBe(before);
  const query = await get('{ ticket(id: "t-1") { id } }');
  expect([query.statusCode, query.body]).toEqual([200, '{"data":{"ticket":{"id":"t-1"}}}']);
});

it('answers a document that does not validate with 400 to a client accepting graphql-response+json, 200 to JSON', async () => {
  const post = (accept: string) =>
    h.app.inject({
      method: 'POST',
      url: GRAPHQL_PATH,
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${agent}` },
      payload: '{"query":"{ noSuchField }"}',
    });
  for (const [accept, status] of [
    ['application/graphql-response+json', 400],
    ['application/json', 200],
  ] as const) {
    const response = await post(accept);
    expect([response.statusCode, codes(JSON.parse(response.body) as GqlResponse)]).toEqual([
      status,
      ['BAD_USER_INPUT'],
    ]);
  }
});

it('refuses a search too long to evaluate, and accepts one within the bound', async () => {
  const query = 'query($s: String) { tickets(filter: { search: $s }) { items { id } } }';
  const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i % 10}`).join(' ');
  await refused(query, { s: words(18_000) }, 'filter.search: Too big');
  await refused(query, { s: words(SEARCH_LIMITS.words + 1) }, `filter.search: at most ${SEARCH_LIMITS.words} words`);
  const within = await h.gql(query, { s: words(SEARCH_LIMITS.words) }, agent);
  expect(within.errors).toBeUndefined();
});

it('names each bad field by its path from the arguments, whichever check refuses it', async () => {
  const issues = async (query: string, variables: Record<string, unknown>, token = agent) => {
    const response = await h.gql(query, variables, token);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    return (response.errors?.[0]?.extensions as { issues?: { path: string }[] } | undefined)?.issues?.map(
      (i) => i.path,
    );
  };
  const REPLY = 'mutation($input: ReplyToTicketInput!) { replyToTicket(input: $input) { id } }';
  const TAGS = 'mutation($input: AddTicketTagsInput!) { addTicketTags(input: $input) { id } }';
  // The domain's rule (an empty body), the API's own (a tag too long), the storable-text check (a NUL).
  expect(await issues(REPLY, { input: { ticketId: 't-1', body: '' } })).toEqual(['input.body']);
  expect(await issues(TAGS, { input: { ticketId: 't-1', tags: ['x'.repeat(500)] } })).toEqual(['input.tags.0']);
  expect(await issues(TAGS, { input: { ticketId: 't-1', tags: [NUL] } })).toEqual(['input.tags.0']);
  expect(await issues('query($s: String) { tickets(filter: { search: $s }) { items { id } } }', { s: NUL })).toEqual([
    'filter.search',
  ]);
  // Rules the domain checks beyond the command's schema name their field the same way.
  const CALLBACK = 'mutation($input: ScheduleCallbackInput!) { scheduleCallback(input: $input) { id } }';
  const farAhead = new Date(Date.now() + 200 * 24 * 3_600_000).toISOString();
  expect(
    await issues(CALLBACK, {
      input: { ticketId: 't-1', at: farAhead, timeZone: 'UTC', phone: '+44 20 7946 0000', reason: 'Call me' },
    }),
  ).toEqual(['input.at']);
  const REGISTER = 'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { id } }';
  const tomorrow = new Date(Date.now() + 24 * 3_600_000).toISOString();
  expect(
    await issues(REGISTER, { input: { customerId: 'c-future', name: 'Future', customerSince: tomorrow } }),
  ).toEqual(['input.customerSince']);
  // A mutation whose command groups its input is answered with the field the client sent: the
  // delays are `data.timings.*` in the command, flat in the input.
  const admin = await h.token('admin', 'admin-1');
  const TIMINGS = 'mutation($input: SetAutomationTimingsInput!) { setAutomationTimings(input: $input) { id } }';
  const timings = {
    firstReminderAfterMs: 91 * 24 * 3_600_000,
    secondReminderAfterMs: 92 * 24 * 3_600_000,
    waitingAutoCloseAfterMs: 93 * 24 * 3_600_000,
    resolvedAutoCloseAfterMs: 24 * 3_600_000,
  };
  expect(await issues(TIMINGS, { input: timings }, admin)).toEqual(['input.firstReminderAfterMs']);
  // A schema's refusal's message too: in the API's words, naming the field as sent.
  const fraction = { ...timings, firstReminderAfterMs: 3_600_000.5 };
  expect(await issues(TIMINGS, { input: fraction }, admin)).toEqual(['input.firstReminderAfterMs']);
  const [refused] = (await h.gql(TIMINGS, { input: fraction }, admin)).errors ?? [];
  expect(refused?.message).toMatch(/^Invalid input: input\.firstReminderAfterMs: /);
});

it('names the field of a typed refusal too, and the paging argument of a bad page', async () => {
  const refusal = async (query: string, variables: Record<string, unknown>, token = agent) => {
    const [error] = (await h.gql(query, variables, token)).errors ?? [];
    const { code, issues } = (error?.extensions ?? {}) as { code?: string; issues?: { path: string }[] };
    return [code, issues?.map((issue) => issue.path)];
  };
  const CALLBACK = 'mutation($input: ScheduleCallbackInput!) { scheduleCallback(input: $input) { id } }';
  const call = { ticketId: 't-1', phone: '+44 20 7946 0000', reason: 'Call me' };
  expect(await refusal(CALLBACK, { input: { ...call, at: '2020-01-01T00:00:00Z', timeZone: 'UTC' } })).toEqual([
    'CALLBACK_IN_PAST',
    ['input.at'],
  ]);
  const tomorrow = new Date(Date.now() + 24 * 3_600_000).toISOString();
  expect(await refusal(CALLBACK, { input: { ...call, at: tomorrow, timeZone: 'Mars/Olympus' } })).toEqual([
    'UNKNOWN_TIME_ZONE',
    ['input.timeZone'],
  ]);
  const admin = await h.token('admin', 'admin-1');
  const REGISTER =
    'mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret } }';
  expect(await refusal(REGISTER, { input: { url: 'ftp://example.com/x', eventTypes: ['*'] } }, admin)).toEqual([
    'WEBHOOK_URL_INVALID',
    ['input.url'],
  ]);
  expect(
    await refusal(REGISTER, { input: { url: 'https://example.com/x', eventTypes: ['TicketOpened', 'Nope'] } }, admin),
  ).toEqual(['WEBHOOK_EVENT_TYPE_UNKNOWN', ['input.eventTypes.1']]);
  expect(await refusal('{ tickets(first: 0) { items { id } } }', {})).toEqual(['BAD_USER_INPUT', ['first']]);
  expect(await refusal('{ tickets(after: "garbage") { items { id } } }', {})).toEqual(['BAD_USER_INPUT', ['after']]);
});

it('names the variable or argument a bad DateTime was given in', async () => {
  const supervisor = await h.token('supervisor', 'sup-1');
  const METRICS = 'query($f: DateTime!, $t: DateTime!) { ticketMetrics(from: $f, to: $t) { overall { tickets } } }';
  const variable = await h.gql(METRICS, { f: '2026-01-01T00:00:00Z', t: '2027-01-01' }, supervisor);
  expect(codes(variable)).toEqual(['BAD_USER_INPUT']);
  expect(variable.errors?.[0]?.message).toMatch(/\$t/);
  const literal = await h.gql(
    '{ ticketMetrics(from: "2026-01-01T00:00:00Z", to: "2027-13-01T00:00:00Z") { overall { tickets } } }',
    {},
    supervisor,
  );
  expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
  expect((literal.errors?.[0] as { locations?: unknown } | undefined)?.locations).toBeDefined();
});
