import { setTimeout as sleep } from 'node:timers/promises';
import { streamId } from '@support-engine/domain';
import { type Client, createClient, type FormattedExecutionResult } from 'graphql-ws';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { mintToken } from '../auth/tokens.js';
import { type ApiConfig, defaultApiConfig } from '../config.js';
import { createProjectionWaiter } from '../consistency.js';
import { type ApiServer, createApiServer, GRAPHQL_PATH } from '../server.js';
import { type ApiHarness, createApiHarness, SECRET } from '../testing/harness.fixture.js';
import { countSelects } from '../testing/query-counter.fixture.js';
import { listen, type SseSubscription, subscribe as subscribeOverSse } from '../testing/sse.fixture.js';
import { MAX_SOCKETS_PER_PRINCIPAL, WebSocketClose } from './websocket.js';

let h: ApiHarness;
let baseUrl: string;
const OWNER = 'cust-ws';
const AGENT = 'agent-ws';

const CHAT_UPDATES =
  'subscription($chatId: ID!) { chatUpdated(chatId: $chatId) { chatId type message { sender authorId body internal } chat { status messageCount } } }';
const ASSIGNED = 'subscription { assignedToMe { kind id } }';
const SEND =
  'mutation($chatId: ID!, $body: String!, $internal: Boolean) { sendChatMessage(input: { chatId: $chatId, body: $body, internal: $internal }) { id } }';
/** The body of the messages sent to see a subscription live. */
const PING = 'ping';

type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;
interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A graphql-ws client of `base` that never retries, so a refusal surfaces as it is. */
function connect(base: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: `${base.replace(/^http/, 'ws')}${GRAPHQL_PATH}`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
  });
}

const bearer = async (role: Parameters<ApiHarness['token']>[0], sub: string) => ({
  authorization: `Bearer ${await h.token(role, sub)}`,
});

/** How the client's socket closed (the first time). */
const closeOf = (client: Client) =>
  new Promise<Closed>((resolve) =>
    client.on('closed', (event) => {
      const { code, reason } = event as Closed;
      resolve({ code, reason });
    }),
  );
const connected = (client: Client) => new Promise<void>((resolve) => client.on('connected', () => resolve()));

/** The single result of a query or mutation; an `error` message (refused before execution) rejects with its errors. */
async function run(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  const results = client.iterate({ query, variables });
  const { value } = await results.next();
  await results.return?.();
  return value as Result;
}

/** The errors an `error` message carried (graphql-ws rejects with them). */
async function refusal(client: Client, query: string): Promise<readonly { message: string; extensions?: object }[]> {
  return run(client, query).then(
    (result) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
    },
    (errors: unknown) => errors as { message: string; extensions?: object }[],
  );
}

/**
 * Waits until a subscription is live (there is no acknowledgement of one): `poke` causes an
 * update, again until one reaches `updates`. The pokes stay in `updates` for the reader to skip.
 */
async function untilLive(updates: AsyncIterator<Result>, poke: () => Promise<unknown>): Promise<void> {
  const first = updates.next().then(() => true);
  do await poke();
  while (!(await Promise.race([first, sleep(250).then(() => false)])));
}

async function mutate(query: string, token: string) {
  const response = await h.gql(query, {}, token);
  expect(response.errors).toBeUndefined();
  return Object.values(response.data ?? {})[0] as { id: string; consistencyToken: string };
}

/**
 * A second API server over the harness's database (closed by the test that makes it), reading the
 * read models through `db` when given (a counting handle of them).
 */
async function anotherServer(overrides: Partial<ApiConfig>, db = h.db): Promise<{ app: ApiServer; base: string }> {
  const config = defaultApiConfig({
    environment: 'development',
    auth: { mode: 'hs256', secret: SECRET },
    ...overrides,
  });
  const app = await createApiServer(
    {
      store: h.store,
      db,
      connectionString: h.connectionString,
      waiter: createProjectionWaiter(h.db),
      logger: pino({ level: 'silent' }),
      clock: () => h.clock.now,
    },
    config,
  );
  return { app, base: await listen(app) };
}

let chatId: string;

beforeAll(async () => {
  h = await createApiHarness();
  baseUrl = await listen(h.app);
  const admin = await h.token('admin', 'admin-1');
  await mutate(`mutation { registerAgent(input: { agentId: "${AGENT}", name: "Agent" }) { id } }`, admin);
  await mutate(
    `mutation { setAgentAvailability(input: { agentId: "${AGENT}", availability: available }) { id } }`,
    admin,
  );
  const started = await mutate(
    `mutation { startChat(input: { customerId: "${OWNER}" }) { id consistencyToken } }`,
    await h.token('customer', OWNER),
  );
  chatId = started.id;
  await mutate(`mutation { acceptChat(input: { chatId: "${chatId}" }) { id } }`, await h.token('agent', AGENT));
});
afterAll(async () => h?.close());

describe('chatUpdated over WebSocket', () => {
  it('carries each side’s messages to the other, staff-only ones to staff only; mutations go over the socket too', async () => {
    const customer = connect(baseUrl, await bearer('customer', OWNER));
    const agent = connect(baseUrl, { token: await h.token('agent', AGENT) });
    const asCustomer = customer.iterate({ query: CHAT_UPDATES, variables: { chatId } });
    const asAgent = agent.iterate({ query: CHAT_UPDATES, variables: { chatId } });
    try {
      // Mutations go over the socket too.
      const send = async (client: Client, body: string, internal = false) =>
        expect((await run(client, SEND, { chatId, body, internal })).errors).toBeUndefined();
      const poke = () => send(agent, PING);
      await untilLive(asCustomer, poke);
      await untilLive(asAgent, poke);
      await send(agent, 'Hello, how can I help?');
      await send(agent, 'Customer on the old plan', true);
      await send(customer, 'My export fails');

      const seen = async (updates: AsyncIterator<Result>, count: number) => {
        const messages: Record<string, unknown>[] = [];
        while (messages.length < count) {
          const { value } = await updates.next();
          const update = value.data?.chatUpdated as { message: { body: string } | null; chat: unknown };
          if (update.message !== null && update.message.body !== PING) messages.push(update);
        }
        return messages as { message: unknown; chat: { status: string; messageCount: number } }[];
      };
      const customerSaw = await seen(asCustomer, 2);
      expect(customerSaw.map((update) => update.message)).toEqual([
        { sender: 'agent', authorId: AGENT, body: 'Hello, how can I help?', internal: false },
        { sender: 'customer', authorId: OWNER, body: 'My export fails', internal: false },
      ]);
      const agentSaw = await seen(asAgent, 3);
      expect(agentSaw.map((update) => update.message)).toEqual([
        { sender: 'agent', authorId: AGENT, body: 'Hello, how can I help?', internal: false },
        { sender: 'agent', authorId: AGENT, body: 'Customer on the old plan', internal: true },
        { sender: 'customer', authorId: OWNER, body: 'My export fails', internal: false },
      ]);
      // The chat as the read models then hold it: the customer's count leaves the note out.
      expect(customerSaw[1]!.chat.status).toBe('active');
      expect(agentSaw[2]!.chat.messageCount).toBe(customerSaw[1]!.chat.messageCount + 1);
    } finally {
      await asCustomer.return?.();
      await asAgent.return?.();
      await customer.dispose();
      await agent.dispose();
    }
  });
});

describe('authentication', () => {
  it('closes a socket whose connection_init carries no token with 4401', async () => {
    for (const params of [undefined, {}, { authorization: '' }, { token: 42 }]) {
      const client = connect(baseUrl, params);
      expect(await closeOf(client)).toMatchObject({ code: WebSocketClose.Unauthorized });
      await client.dispose();
    }
  });

  it('closes a socket whose token does not verify with 4403, saying why', async () => {
    const forged = connect(baseUrl, { authorization: 'Bearer not.a.token' });
    expect(await closeOf(forged)).toEqual({ code: WebSocketClose.Forbidden, reason: 'Invalid or expired token' });
    await forged.dispose();
    const malformed = connect(baseUrl, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(await closeOf(malformed)).toMatchObject({ code: WebSocketClose.Forbidden });
    await malformed.dispose();
  });

  it('reads the scheme of connection_init.authorization in any case (bearer), as over HTTP', async () => {
    const client = connect(baseUrl, { authorization: `bearer ${await h.token('agent', 'agent-lower')}` });
    try {
      expect(await Promise.race([connected(client).then(() => 'connected'), closeOf(client)])).toBe('connected');
    } finally {
      await client.dispose();
    }
  });

  it('speaks graphql-transport-ws only', async () => {
    const url = `${baseUrl.replace(/^http/, 'ws')}${GRAPHQL_PATH}`;
    // The legacy subprotocol of subscriptions-transport-ws is not chosen: the handshake fails.
    const legacy = new WebSocket(url, 'graphql-ws');
    expect(await new Promise((resolve) => legacy.on('error', resolve))).toHaveProperty(
      'message',
      'Server sent no subprotocol',
    );
    const none = new WebSocket(url);
    expect(await new Promise((resolve) => none.on('close', resolve))).toBe(4406);
  });

  it(`holds at most ${MAX_SOCKETS_PER_PRINCIPAL} sockets per caller; a closed one frees its place`, async () => {
    const params = await bearer('agent', 'agent-many');
    const clients = Array.from({ length: MAX_SOCKETS_PER_PRINCIPAL }, () => connect(baseUrl, params));
    try {
      await Promise.all(clients.map(connected));
      const extra = connect(baseUrl, params);
      expect(await closeOf(extra)).toMatchObject({ code: WebSocketClose.TooManySockets });
      await extra.dispose();
      // Someone else is not counted against them.
      const other = connect(baseUrl, await bearer('agent', 'agent-other'));
      await connected(other);
      await other.dispose();
      const first = clients.shift()!;
      const gone = closeOf(first);
      await first.dispose();
      await gone;
      const again = connect(baseUrl, params);
      clients.push(again);
      await connected(again);
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});

describe('authorization and limits, as over HTTP', () => {
  it('refuses a subscription the role may not make, as over SSE', async () => {
    const token = await h.token('customer', OWNER);
    const client = connect(baseUrl, { token });
    const sse = await subscribeOverSse(baseUrl, ASSIGNED, {}, token);
    try {
      const overSocket = await run(client, ASSIGNED);
      expect(overSocket.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
      expect(overSocket.errors).toEqual((await sse.next()).errors);
    } finally {
      sse.close();
      await client.dispose();
    }
  });

  it("answers another customer's chat as a missing one, as over SSE", async () => {
    const token = await h.token('customer', 'someone-else');
    const client = connect(baseUrl, { token });
    const sse = await subscribeOverSse(baseUrl, CHAT_UPDATES, { chatId }, token);
    try {
      const overSocket = await run(client, CHAT_UPDATES, { chatId });
      expect(overSocket.errors?.[0]).toMatchObject({
        message: `No chat "${chatId}"`,
        extensions: { code: 'NOT_FOUND' },
      });
      expect(overSocket.errors).toEqual((await sse.next()).errors);
    } finally {
      sse.close();
      await client.dispose();
    }
  });

  it('answers queries, and refuses bad or oversized documents with the API codes', async () => {
    const client = connect(baseUrl, await bearer('agent', AGENT));
    try {
      const chat = await run(client, 'query($id: ID!) { chat(id: $id) { id status } }', { id: chatId });
      expect(chat).toEqual({ data: { chat: { id: chatId, status: 'active' } } });
      const [syntax] = await refusal(client, '{ chat(');
      expect(syntax?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      const [unknown] = await refusal(client, '{ noSuchField }');
      expect(unknown?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      const [tooLong] = await refusal(client, `{ ${'__typename '.repeat(1_001)}}`);
      expect(tooLong?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
      // The socket survives each refusal.
      expect(await run(client, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await client.dispose();
    }
  });

  it('stops new operations once the token has expired', async () => {
    const client = connect(baseUrl, { token: await mintToken({ sub: AGENT, role: 'agent' }, SECRET, 2) });
    try {
      expect(await run(client, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
      // Expired once past `exp` and the authenticator's 30 s tolerance; only the clock is faked.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
      try {
        const [expired] = await refusal(client, '{ __typename }');
        expect(expired?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      } finally {
        vi.useRealTimers();
      }
    } finally {
      await client.dispose();
    }
  });

  it('spends the rate limit per operation and per root field, answering RATE_LIMITED without HTTP details', async () => {
    // The handshake spends one unit of the address's budget; operations the caller's.
    const { app, base } = await anotherServer({ rateLimit: { max: 3, windowMs: 60_000 } });
    const client = connect(base, await bearer('agent', 'agent-limited'));
    try {
      expect((await run(client, '{ __typename }')).errors).toBeUndefined();
      // One unit for the operation, one more for its second root field.
      expect((await run(client, '{ a: __typename b: __typename }')).errors).toBeUndefined();
      const [limited] = await refusal(client, '{ __typename }');
      expect(limited?.extensions).toEqual({ code: 'RATE_LIMITED' });
      expect(limited?.message).toMatch(/^Rate limit exceeded, retry in \d+ s$/);
    } finally {
      await client.dispose();
      await app.close();
    }
  });

  it('keeps the schema private in production: no suggestions, no introspection for customers', async () => {
    const { app, base } = await anotherServer({ environment: 'production' });
    const token = await h.token('customer', OWNER);
    const client = connect(base, { token });
    try {
      const typo = `mutation { openTicket(input: { customerId: "${OWNER}", subject: "S", description: "D", channel: webb }) { id } }`;
      const [overSocket] = await refusal(client, typo);
      const overHttp = await app.inject({
        method: 'POST',
        url: GRAPHQL_PATH,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        payload: JSON.stringify({ query: typo }),
      });
      const [httpError] = JSON.parse(overHttp.body).errors;
      expect(overSocket?.message).not.toMatch(/Did you mean/);
      expect(overSocket?.message).toBe(httpError.message);
      expect(overSocket?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      const introspection = await run(client, '{ __schema { queryType { name } } }');
      expect(introspection.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
    } finally {
      await client.dispose();
      await app.close();
    }
  });

  it('closes a socket sent a message over the body limit with 1009', async () => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${GRAPHQL_PATH}`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.on('open', resolve));
    const closed = new Promise<number>((resolve) => socket.on('close', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(200_000) } }));
    expect(await closed).toBe(1009);
  });
});

describe('subscriptions: limits, shared reads, expiry', () => {
  const TICKET_VIEWS =
    'subscription($ticketId: ID!) { ticketUpdated(ticketId: $ticketId) { version ticket { status messageCount } } }';
  type TicketView = { version: number; ticket: { status: string; messageCount: number } | null };
  const ping = async () => {
    const agent = await h.token('agent', AGENT);
    return () => mutate(`mutation { sendChatMessage(input: { chatId: "${chatId}", body: "${PING}" }) { id } }`, agent);
  };
  /** The first result of `updates`, poking until one comes: a refusal comes at once, an update with a poke. */
  const firstOf = async (updates: AsyncIterator<Result>, poke: () => Promise<unknown>) => {
    const first = updates.next();
    await untilLive({ next: () => first }, poke);
    return (await first).value as Result;
  };
  const tooMany = (result: Result) => result.errors?.map((error) => error.extensions?.code);

  it('holds at most config.subscriptions.perSocket per socket and perCaller per caller, over WebSocket and SSE', async () => {
    const { app, base } = await anotherServer({ subscriptions: { perSocket: 2, perCaller: 3 } });
    const poke = await ping();
    const params = await bearer('agent', AGENT);
    const first = connect(base, params);
    const second = connect(base, params);
    const held: AsyncIterableIterator<Result>[] = [];
    const sse: SseSubscription[] = [];
    try {
      for (const client of [first, first, second]) {
        const updates = client.iterate({ query: CHAT_UPDATES, variables: { chatId } });
        held.push(updates);
        await untilLive(updates, poke);
      }
      // The first socket is full; the second has room, but the caller has none left.
      const onFull = await firstOf(first.iterate({ query: CHAT_UPDATES, variables: { chatId } }), poke);
      expect(tooMany(onFull)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
      expect(onFull.errors?.[0]?.message).toBe('At most 2 subscriptions per socket');
      const ofCaller = await firstOf(second.iterate({ query: CHAT_UPDATES, variables: { chatId } }), poke);
      expect(ofCaller.errors?.[0]).toMatchObject({
        message: 'At most 3 subscriptions per caller',
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 3 },
      });
      const overSse = await subscribeOverSse(base, CHAT_UPDATES, { chatId }, await h.token('agent', AGENT));
      sse.push(overSse);
      expect((await overSse.next()).errors).toEqual(ofCaller.errors);
      // Someone else is not counted against them.
      const other = await subscribeOverSse(base, CHAT_UPDATES, { chatId }, await h.token('agent', 'agent-other'));
      sse.push(other);
      await poke();
      expect((await other.next()).data?.chatUpdated).toBeDefined();
      // An ended subscription gives its place back (once the server has seen the client leave).
      await held.shift()!.return?.();
      let again: Result;
      do again = await firstOf(second.iterate({ query: CHAT_UPDATES, variables: { chatId } }), poke);
      while (again.errors !== undefined);
      expect(again.data?.chatUpdated).toBeDefined();
    } finally {
      for (const sub of sse) sub.close();
      await Promise.all(held.map((updates) => updates.return?.()));
      await first.dispose();
      await second.dispose();
      await app.close();
    }
  });

  it('reads the ticket once per update for 400 identical subscriptions, each still sent it; a customer gets their own view', async () => {
    const counted = countSelects(h.db, 'tickets');
    const { app, base } = await anotherServer({ subscriptions: { perSocket: 400, perCaller: 400 } }, counted.db);
    const agent = await h.token('agent', AGENT);
    const owner = await h.token('customer', OWNER);
    const { id: ticketId } = await mutate(
      `mutation { openTicket(input: { customerId: "${OWNER}", subject: "Many eyes", description: "Watched", channel: web }) { id } }`,
      owner,
    );
    const reply = (visibility: 'public' | 'internal') =>
      mutate(
        `mutation { replyToTicket(input: { ticketId: "${ticketId}", body: "${PING}", visibility: ${visibility} }) { id } }`,
        agent,
      );
    // A staff-only note: the staff view counts one message more than the customer's.
    await reply('internal');
    const client = connect(base, { token: agent });
    const staff = Array.from({ length: 400 }, () => client.iterate({ query: TICKET_VIEWS, variables: { ticketId } }));
    const customer = await subscribeOverSse(base, TICKET_VIEWS, { ticketId }, owner);
    const seen: TicketView[][] = staff.map(() => []);
    const customerSaw: TicketView[] = [];
    staff.forEach((updates, i) => {
      void (async () => {
        for await (const result of updates) seen[i]!.push(result.data?.ticketUpdated as TicketView);
      })().catch(() => {});
    });
    void (async () => {
      for (;;) customerSaw.push((await customer.next()).data?.ticketUpdated as TicketView);
    })().catch(() => {});
    const lastVersion = async () =>
      Math.max(...(await h.store.readStream(streamId('ticket', ticketId))).map((e) => e.streamVersion));
    const allHave = async () => {
      const version = await lastVersion();
      return seen.every((views) => views.at(-1)?.version === version) && customerSaw.at(-1)?.version === version;
    };
    try {
      // Live once each has had an update (there is no acknowledgement of a subscription).
      while (!seen.every((views) => views.length > 0)) {
        await reply('public');
        await sleep(250);
      }
      await expect.poll(allHave, { timeout: 30_000 }).toBe(true);
      const before = seen.map((views) => views.length);
      const beforeCustomer = customerSaw.length;
      const readsBefore = counted.count();
      await reply('public');
      await expect.poll(allHave, { timeout: 30_000 }).toBe(true);
      const updates = seen[0]!.length - before[0]!;
      const customerUpdates = customerSaw.length - beforeCustomer;
      expect(updates).toBeGreaterThan(0);
      expect(seen.map((views, i) => views.length - before[i]!)).toEqual(staff.map(() => updates));
      // One read per update for the 400 staff subscribers, one for the customer's view.
      expect(counted.count() - readsBefore).toBe(updates + customerUpdates);
      const staffView = seen[399]!.at(-1)!.ticket!;
      const customerView = customerSaw.at(-1)!.ticket!;
      expect(staffView.messageCount).toBe(customerView.messageCount + 1);
    } finally {
      customer.close();
      await Promise.all(staff.map((updates) => updates.return?.()));
      await client.dispose();
      await app.close();
    }
  });

  it('ends a subscription once its token expires, with UNAUTHENTICATED, as over SSE', async () => {
    // Valid for ten more seconds: its `exp` is 20 s past, within the 30 s tolerated.
    const client = connect(baseUrl, { token: await mintToken({ sub: AGENT, role: 'agent' }, SECRET, -20) });
    const updates = client.iterate({ query: CHAT_UPDATES, variables: { chatId } });
    try {
      let result = (await updates.next()).value as Result;
      while (result.errors === undefined) result = (await updates.next()).value as Result;
      expect(result.errors?.map((error) => error.extensions)).toEqual([{ code: 'UNAUTHENTICATED' }]);
      expect(result.errors?.[0]?.message).toMatch(/token expired/);
      expect((await updates.next()).done).toBe(true);
    } finally {
      await updates.return?.();
      await client.dispose();
    }
  });
});

describe('shutdown', () => {
  it('ends subscriptions and closes sockets with 1001 when the server closes, leaving no listener', async () => {
    const { app, base } = await anotherServer({});
    const client = connect(base, await bearer('agent', AGENT));
    const updates = client.iterate({ query: CHAT_UPDATES, variables: { chatId } });
    const closed = closeOf(client);
    const agent = await h.token('agent', AGENT);
    await untilLive(updates, () =>
      mutate(`mutation { sendChatMessage(input: { chatId: "${chatId}", body: "${PING}" }) { id } }`, agent),
    );
    await app.close();
    expect(app.websocketServer.clients.size).toBe(0);
    expect(app.server.listenerCount('upgrade')).toBe(0);
    expect(await closed).toEqual({ code: WebSocketClose.GoingAway, reason: 'Server shutting down' });
    // Pokes delivered before the close may still be read; then the subscription ends with the close.
    const ending = async () => {
      for (;;) if ((await updates.next()).done) return;
    };
    await expect(ending()).rejects.toHaveProperty('code', WebSocketClose.GoingAway);
    await client.dispose();
  });

  it('ends subscriptions streamed over SSE when the server closes, so the close does not wait on them', async () => {
    const { app, base } = await anotherServer({});
    const agent = await h.token('agent', AGENT);
    const sse = await subscribeOverSse(base, CHAT_UPDATES, { chatId }, agent);
    const first = sse.next();
    await untilLive({ next: () => first.then((value) => ({ value, done: false })) } as AsyncIterator<Result>, () =>
      mutate(`mutation { sendChatMessage(input: { chatId: "${chatId}", body: "${PING}" }) { id } }`, agent),
    );
    // Without the subscription ended first, the close would wait for its response forever.
    const closing = app.close().then(() => 'closed');
    expect(await Promise.race([closing, sleep(15_000, 'still waiting', { ref: false })])).toBe('closed');
    const ending = async () => {
      for (;;) await sse.next();
    };
    await expect(ending()).rejects.toThrow('subscription ended');
  });
});
