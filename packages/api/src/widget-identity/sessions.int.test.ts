import { createHmac } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GRAPHQL_PATH } from '../server.js';
import { type ApiHarness, createApiHarness, field } from '../testing/harness.fixture.js';
import { listen } from '../testing/sse.fixture.js';
import { WIDGET_TEST_CONFIG } from './widget.fixture.js';

// The widget's sessions over real HTTP and PostgreSQL: each refusal answers its code and writes
// nothing; a visitor credential gives its customer back; an identified user is one customer on
// every device; the widget's customer token opens GraphQL (HTTP and graphql-ws) to their own
// chats only.

const HOST = 'https://shop.example.com';
let h: ApiHarness;
let baseUrl: string;
let identitySecret: string;

interface Session {
  token: string;
  expiresAt: string;
  customerId: string;
  visitorToken: string;
  identified: boolean;
}

const sign = (userId: string, email: string) =>
  createHmac('sha256', identitySecret).update(`${userId}\n${email}`).digest('hex');

let addresses = 0;
/** A fresh client address each call unless one is named: each has its own budget of new visitors. */
async function post(body: Record<string, unknown>, address = `203.0.113.${++addresses}`) {
  const response = await h.app.inject({
    method: 'POST',
    url: '/widget/v1/session',
    payload: body,
    remoteAddress: address,
  });
  return { status: response.statusCode, headers: response.headers, body: response.json() as Record<string, unknown> };
}
async function session(body: Record<string, unknown>, address?: string): Promise<Session> {
  const answer = await post({ widgetKey: 'wk_shop', hostOrigin: HOST, ...body }, address);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as unknown as Session;
}
const refusal = (answer: { body: Record<string, unknown> }) => (answer.body.error as { code: string }).code;

/** Starts a chat as the session's customer: its id, and the consistency token that reads it. */
async function startChat(s: Session, text: string): Promise<{ id: string; consistencyToken: string }> {
  return field<{ id: string; consistencyToken: string }>(
    await h.gql(
      'mutation($i: StartChatInput!) { startChat(input: $i) { id consistencyToken } }',
      { i: { customerId: s.customerId, firstMessage: { body: text } } },
      s.token,
    ),
    'startChat',
  );
}
const readChat = (chat: { id: string; consistencyToken: string }, token: string) =>
  h.gql(
    'query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { id customerId } }',
    { id: chat.id, t: chat.consistencyToken },
    token,
  );

beforeAll(async () => {
  h = await createApiHarness({
    config: { widget: { ...WIDGET_TEST_CONFIG, sessions: { max: 3, windowMs: 600_000 } } },
  });
  baseUrl = await listen(h.app);
  const admin = await h.token('admin', 'admin-widget');
  field(
    await h.gql(
      'mutation($i: ConfigureWidgetInput!) { configureWidget(input: $i) { id } }',
      { i: { widgetKey: 'wk_shop', name: 'Shop', allowedOrigins: [HOST] } },
      admin,
    ),
    'configureWidget',
  );
  identitySecret = field<string>(
    await h.gql('{ widgetIdentitySecret(widgetKey: "wk_shop") }', {}, admin),
    'widgetIdentitySecret',
  );
});
afterAll(async () => h?.close());

describe('POST /widget/v1/session', () => {
  it('refuses each bad request with its code and status, writing nothing', async () => {
    const before = await h.eventCount();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ widgetKey: 'wk_none', hostOrigin: HOST }, 404, 'WIDGET_NOT_FOUND'],
      [{ widgetKey: 'wk_shop', hostOrigin: 'https://evil.example' }, 403, 'WIDGET_ORIGIN_REFUSED'],
      [
        {
          widgetKey: 'wk_shop',
          hostOrigin: HOST,
          identity: { userId: 'u-1', email: 'u1@example.com', hash: sign('u-1', 'other@example.com') },
        },
        401,
        'WIDGET_IDENTITY_INVALID',
      ],
      [
        { widgetKey: 'wk_shop', hostOrigin: HOST, identity: { userId: 'u-1', email: 'u1@example.com', hash: 'x' } },
        401,
        'WIDGET_IDENTITY_INVALID',
      ],
      [{ widgetKey: 'wk_shop' }, 400, 'BAD_USER_INPUT'],
      [{ widgetKey: 'wk_shop', hostOrigin: HOST, extra: true }, 400, 'BAD_USER_INPUT'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await post(body);
      expect([answer.status, refusal(answer)], JSON.stringify(body)).toEqual([status, code]);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(await h.eventCount()).toBe(before);
  });

  it('limits new visitors per key and address (429, Retry-After), writing nothing past the budget', async () => {
    const address = '198.51.100.7';
    for (let i = 0; i < 3; i++) await session({}, address);
    const before = await h.eventCount();
    const answer = await post({ widgetKey: 'wk_shop', hostOrigin: HOST }, address);
    expect([answer.status, refusal(answer)]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(await h.eventCount()).toBe(before);
    // Another address has its own budget.
    await session({}, '198.51.100.8');
  });

  it('gives a visitor their customer again for their credential, writing nothing more', async () => {
    const first = await session({});
    expect(first).toMatchObject({ identified: false, customerId: expect.stringMatching(/^visitor-/) });
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now());
    const before = await h.eventCount();
    const again = await session({ visitorToken: first.visitorToken });
    expect(again.customerId).toBe(first.customerId);
    expect(await h.eventCount()).toBe(before);
    // A credential that does not verify is none: a new visitor.
    const forged = await session({ visitorToken: `${first.visitorToken.slice(0, -4)}AAAA` });
    expect(forged.customerId).not.toBe(first.customerId);
  });

  it('lets a visitor read their own chat, never another visitor’s, over HTTP and graphql-ws', async () => {
    const ann = await session({});
    const bob = await session({});
    const chat = await startChat(ann, 'Where is my order?');
    const chatId = chat.id;
    expect(field<{ customerId: string }>(await readChat(chat, ann.token), 'chat').customerId).toBe(ann.customerId);
    const stranger = await readChat(chat, bob.token);
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(stranger.errors?.[0]?.extensions?.code);
    expect(stranger.data?.chat ?? null).toBeNull();

    const client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}${GRAPHQL_PATH}`,
      webSocketImpl: WebSocket,
      connectionParams: { token: ann.token },
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: 'query($id: ID!) { chat(id: $id) { id customerId } }', variables: { id: chatId } },
          { next: (data) => (value = data), error: reject, complete: () => resolve(value) },
        );
      });
      expect(result).toEqual({ data: { chat: { id: chatId, customerId: ann.customerId } } });
    } finally {
      await client.dispose();
    }
  });

  it('makes an identified user one customer on every device: a second device sees their chat', async () => {
    const identity = {
      userId: 'user-42',
      email: 'grace@example.com',
      name: 'Grace',
      hash: sign('user-42', 'grace@example.com'),
    };
    const laptop = await session({ identity });
    expect(laptop.identified).toBe(true);
    const chat = await startChat(laptop, 'Hello from my laptop');
    const before = await h.eventCount();
    const phone = await session({ identity });
    expect(phone.customerId).toBe(laptop.customerId);
    expect(await h.eventCount()).toBe(before);
    expect(field<{ id: string }>(await readChat(chat, phone.token), 'chat').id).toBe(chat.id);
  });

  it('registers an identified user once when two devices ask at the same moment', async () => {
    const identity = { userId: 'user-race', email: 'race@example.com', hash: sign('user-race', 'race@example.com') };
    const before = await h.eventCount();
    const [one, two] = await Promise.all([session({ identity }), session({ identity })]);
    expect(one.customerId).toBe(two.customerId);
    const { rows } = await sql<{
      n: string;
    }>`select count(*) as n from events where type = 'CustomerRegistered' and data->>'customerId' = ${one.customerId}`.execute(
      h.store.db,
    );
    expect(Number(rows[0]!.n)).toBe(1);
    expect(await h.eventCount()).toBeGreaterThan(before);
  });
});
