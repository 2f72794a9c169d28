import type { CaughtMail, RunningMailCatcher } from '@support-engine/servers';
import fc from 'fast-check';
import { createClient } from 'graphql-ws';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_ERROR_CODES } from '../errors/codes.js';
import type { HelpCenterHandler } from '../help-center-mount/routes.js';
import { GRAPHQL_PATH } from '../server.js';
import { type ApiHarness, createApiHarness, field } from '../testing/harness.fixture.js';
import { type MailDispatch, startMailDispatch } from '../testing/mail-dispatch.fixture.js';
import { listen } from '../testing/sse.fixture.js';

// The customers' sign-in to "my requests" over real HTTP, PostgreSQL and SMTP: a link asked is
// mailed through the outbox and the delivery service's dispatcher to a real SMTP receiver, read
// from the mail, exchanged for a session and customer tokens that read the customer's tickets.
// Each refusal answers its code and writes nothing; time moves by the harness's clock.

const SECRET = 'sign-in-integration-test-secret-of-32-chars';
const ORIGIN = 'https://help.example.com';
let h: ApiHarness;
let mail: RunningMailCatcher;
let dispatch: MailDispatch | undefined;

let clients = 0;
/** A fresh client address each call unless one is named: each has its own budget. */
async function post(path: string, body: unknown, address = `203.0.113.${++clients % 250}`) {
  const response = await h.app.inject({ method: 'POST', url: path, payload: body as object, remoteAddress: address });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.body === '' ? null : (response.json() as Record<string, unknown>),
  };
}
const refusal = (answer: { body: Record<string, unknown> | null }) =>
  (answer.body?.error as { code: string } | undefined)?.code;

/** Everything the sign-in and the outbox hold, to tell that a refusal wrote nothing. */
async function written() {
  const count = async (table: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(h.db)).rows[0]!.n);
  const outbox = Number(
    (await sql<{ n: string }>`select count(*) as n from deliveries`.execute(h.store.db)).rows[0]!.n,
  );
  return { sessions: await count('help_sessions'), used: await count('help_sign_in_links_used'), outbox };
}

/** The sign-in mails caught for `address`, newest first. */
const mailsTo = (address: string) => mail.messages().filter((m) => m.to.includes(address.toLowerCase()));
/** The token of the link in a sign-in mail. */
function linkOf(caught: CaughtMail): URL {
  const href = /https:\/\/\S+/.exec(caught.text)?.[0];
  if (href === undefined) throw new Error(`no link in ${caught.text}`);
  return new URL(href);
}
/**
 * Asks a link for the address and reads it from the mail. The clock moves to the next minute
 * first: asked again within one, the link is the same and no second mail is sent.
 */
async function askLink(email: string, extra: Record<string, unknown> = {}): Promise<URL> {
  h.clock.now = new Date(h.clock.now.getTime() + 60_000);
  const before = mailsTo(email).length;
  const answer = await post('/help/v1/sign-in/link', { email, ...extra });
  expect([answer.status, answer.body]).toEqual([202, { sent: true }]);
  const mails = await mail.waitFor(() => mailsTo(email).length > before, 20_000);
  return linkOf(mails.find((m) => m.to.includes(email.toLowerCase()))!);
}

async function register(customerId: string, email: string, language = 'en') {
  const agent = await h.token('agent', 'agent-1');
  field(
    await h.gql(
      'mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { id } }',
      { i: { customerId, name: customerId, email, language } },
      agent,
    ),
    'registerCustomer',
  );
}

beforeAll(async () => {
  h = await createApiHarness({
    config: {
      publicHelpCenter: true,
      helpCenter: { origin: ORIGIN, widgetKey: null, contactEmail: null },
      signIn: { secret: SECRET, links: { perAddress: 3, perClient: 1_000, windowMs: 3_600_000 } },
    },
  });
  dispatch = await startMailDispatch(h.delivery);
  mail = dispatch.mail;
  await register('cust-ana', 'ana@example.com');
  await register('cust-zoe', 'zoe@example.com', 'fr-FR');
  // One customer per test that asks several links: each address has a budget of 3 an hour.
  for (const name of ['bo', 'cy', 'di']) await register(`cust-${name}`, `${name}@example.com`);
});
afterAll(async () => {
  await dispatch?.stop();
  await h?.close();
});

describe('signing in by an emailed link', () => {
  it('mails a link, exchanges it for a session whose customer token reads the customer’s tickets', async () => {
    const agent = await h.token('agent', 'agent-1');
    const opened = field<{ id: string; consistencyToken: string }>(
      await h.gql(
        'mutation { openTicket(input: { customerId: "cust-ana", subject: "Printer", description: "It jams", channel: web }) { id consistencyToken } }',
        {},
        agent,
      ),
      'openTicket',
    );
    const link = await askLink('ANA@Example.com', { returnTo: '/help/requests/tickets/t-1' });
    const caught = mailsTo('ana@example.com')[0]!;
    expect(caught.subject).toBe('Support: Your sign-in link');
    expect(caught.headers['auto-submitted']).toBe('auto-generated');
    expect(`${link.origin}${link.pathname}`).toBe(`${ORIGIN}/help/requests/sign-in/verify`);
    expect(link.searchParams.get('returnTo')).toBe('/help/requests/tickets/t-1');

    const session = await post('/help/v1/sign-in/session', { token: link.searchParams.get('token') });
    expect(session.status).toBe(200);
    const body = session.body as Record<string, string>;
    expect(body).toEqual({
      sessionToken: expect.stringMatching(/^[\w-]{43}$/),
      sessionExpiresAt: new Date(h.clock.now.getTime() + 30 * 24 * 3600 * 1000).toISOString(),
      customerToken: expect.any(String),
      customerTokenExpiresAt: expect.any(String),
      customerId: 'cust-ana',
    });
    // Kept only as its hash.
    const { rows } = await sql<{ token_hash: string }>`select token_hash from help_sessions`.execute(h.db);
    expect(rows.map((row) => row.token_hash)).not.toContain(body.sessionToken);

    const tickets = await h.gql(
      'query($t: String) { tickets(consistencyToken: $t) { items { id customerId } } }',
      { t: opened.consistencyToken },
      body.customerToken,
    );
    expect(field<{ items: unknown[] }>(tickets, 'tickets').items).toEqual([{ id: opened.id, customerId: 'cust-ana' }]);

    const renewed = await post('/help/v1/session/token', { sessionToken: body.sessionToken });
    expect([renewed.status, renewed.body?.customerId]).toEqual([200, 'cust-ana']);
    const again = await h.gql('{ tickets { items { id } } }', {}, renewed.body?.customerToken as string);
    expect(again.errors).toBeUndefined();
  });

  it('gives customer tokens graphql-ws accepts too', async () => {
    const session = await post('/help/v1/sign-in/dev', { customerId: 'cust-ana' });
    const client = createClient({
      url: `${(await listen(h.app)).replace(/^http/, 'ws')}${GRAPHQL_PATH}`,
      webSocketImpl: WebSocket,
      connectionParams: { token: session.body?.customerToken },
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: '{ tickets { items { customerId } } }' },
          { next: (data) => (value = data), error: reject, complete: () => resolve(value) },
        );
      });
      expect(result).toEqual({ data: { tickets: { items: [{ customerId: 'cust-ana' }] } } });
    } finally {
      await client.dispose();
    }
  });

  it('writes in the customer’s language', async () => {
    await askLink('zoe@example.com', { language: 'en' });
    expect(mailsTo('zoe@example.com')[0]!.subject).toBe('Support : Votre lien de connexion');
  });

  it('answers an unknown address as a known one, and mails nothing', async () => {
    const before = await written();
    const answer = await post('/help/v1/sign-in/link', { email: 'nobody@example.com' });
    expect([answer.status, answer.body]).toEqual([202, { sent: true }]);
    expect(await written()).toEqual(before);
  });

  it('queues one mail for a request sent twice', async () => {
    const before = await written();
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    await Promise.all([
      post('/help/v1/sign-in/link', { email: 'zoe@example.com' }),
      post('/help/v1/sign-in/link', { email: 'zoe@example.com' }),
    ]);
    expect((await written()).outbox).toBe(before.outbox + 1);
  });

  it('refuses bad input, writing nothing', async () => {
    const before = await written();
    for (const body of [
      {},
      { email: 'not an address' },
      { email: 'ana@example.com', returnTo: 'https://evil.example/help/' },
      { email: 'ana@example.com', returnTo: '//evil.example' },
      { email: 'ana@example.com', language: 'de' },
      { email: 'ana@example.com', extra: 1 },
    ]) {
      const answer = await post('/help/v1/sign-in/link', body);
      expect([answer.status, refusal(answer)], JSON.stringify(body)).toEqual([400, 'SIGN_IN_INPUT_INVALID']);
    }
    for (const [path, body] of [
      ['/help/v1/sign-in/session', {}],
      ['/help/v1/session/token', { token: 'x' }],
      ['/help/v1/sign-out', []],
    ] as const) {
      const answer = await post(path, body);
      expect([answer.status, refusal(answer)], path).toEqual([400, 'SIGN_IN_INPUT_INVALID']);
    }
    expect(await written()).toEqual(before);
  });

  it('limits the links asked for one address (429, Retry-After), writing nothing past the budget', async () => {
    await register('cust-max', 'max@example.com');
    for (let i = 0; i < 3; i++)
      expect((await post('/help/v1/sign-in/link', { email: 'max@example.com' })).status).toBe(202);
    const before = await written();
    const answer = await post('/help/v1/sign-in/link', { email: 'MAX@example.com' });
    expect([answer.status, refusal(answer)]).toEqual([429, 'SIGN_IN_RATE_LIMITED']);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(await written()).toEqual(before);
  });

  it('refuses a forged, a used and an expired link, writing nothing', async () => {
    const link = await askLink('bo@example.com');
    const token = link.searchParams.get('token')!;
    const before = await written();
    for (const forged of ['not-a-token', '', `${token.slice(0, -4)}AAAA`]) {
      const answer = await post('/help/v1/sign-in/session', { token: forged });
      expect([answer.status, refusal(answer)]).toEqual([400, 'SIGN_IN_LINK_INVALID']);
    }
    expect(await written()).toEqual(before);

    expect((await post('/help/v1/sign-in/session', { token })).status).toBe(200);
    const afterUse = await written();
    const used = await post('/help/v1/sign-in/session', { token });
    expect([used.status, refusal(used)]).toEqual([410, 'SIGN_IN_LINK_USED']);
    expect(await written()).toEqual(afterUse);

    const late = await askLink('bo@example.com');
    // 15 minutes after its issue (the start of its minute) the link has expired.
    h.clock.now = new Date(h.clock.now.getTime() + 15 * 60_000);
    const expired = await post('/help/v1/sign-in/session', { token: late.searchParams.get('token') });
    expect([expired.status, refusal(expired)]).toEqual([410, 'SIGN_IN_LINK_EXPIRED']);
    expect((await written()).sessions).toBe(afterUse.sessions);
  });

  it('opens one session when one link is followed twice at once', async () => {
    const token = (await askLink('cy@example.com')).searchParams.get('token');
    const answers = await Promise.all(Array.from({ length: 4 }, () => post('/help/v1/sign-in/session', { token })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410, 410]);
    expect(answers.filter((a) => a.status === 410).map(refusal)).toEqual(Array(3).fill('SIGN_IN_LINK_USED'));
  });

  it('refuses a session signed out of, or past its 30 days', async () => {
    const start = async () =>
      (await post('/help/v1/sign-in/session', { token: (await askLink('di@example.com')).searchParams.get('token') }))
        .body as { sessionToken: string };
    const first = await start();
    for (let i = 0; i < 2; i++)
      expect((await post('/help/v1/sign-out', { sessionToken: first.sessionToken })).status).toBe(204);
    const signedOut = await post('/help/v1/session/token', { sessionToken: first.sessionToken });
    expect([signedOut.status, refusal(signedOut)]).toEqual([401, 'SESSION_INVALID']);
    const unknown = await post('/help/v1/sign-out', { sessionToken: 'never-issued' });
    expect(unknown.status).toBe(204);
    for (const sessionToken of ['never-issued', '']) {
      const stranger = await post('/help/v1/session/token', { sessionToken });
      expect([stranger.status, refusal(stranger)]).toEqual([401, 'SESSION_INVALID']);
    }

    const second = await start();
    h.clock.now = new Date(h.clock.now.getTime() + 30 * 24 * 3600 * 1000);
    const expired = await post('/help/v1/session/token', { sessionToken: second.sessionToken });
    expect([expired.status, refusal(expired)]).toEqual([401, 'SESSION_INVALID']);
  });

  it('refuses hostile bodies with a known code, never a 500', async () => {
    const paths = ['/help/v1/sign-in/link', '/help/v1/sign-in/session', '/help/v1/session/token', '/help/v1/sign-out'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.anything(), async (path, body) => {
        const answer = await h.app.inject({
          method: 'POST',
          url: path,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(body) ?? 'null',
          remoteAddress: '198.51.100.99',
        });
        expect(answer.statusCode).toBeLessThan(500);
        if (answer.statusCode >= 400) {
          const parsed = answer.json() as { error?: { code: string }; errors?: { extensions: { code: string } }[] };
          expect(API_ERROR_CODES).toContain(parsed.error?.code ?? parsed.errors?.[0]?.extensions.code);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('the development sign-in', () => {
  it('lists customers and signs in as one', async () => {
    const list = await h.get('/help/v1/sign-in/dev');
    expect(list.statusCode).toBe(200);
    expect((list.json() as { customers: { id: string; name: string }[] }).customers).toContainEqual({
      id: 'cust-ana',
      name: 'cust-ana',
    });
    const session = await post('/help/v1/sign-in/dev', { customerId: 'cust-ana' });
    expect([session.status, session.body?.customerId]).toEqual([200, 'cust-ana']);
    const unknown = await post('/help/v1/sign-in/dev', { customerId: 'cust-none' });
    expect([unknown.status, refusal(unknown)]).toEqual([400, 'SIGN_IN_INPUT_INVALID']);
  });
});

describe('where the sign-in is not served', () => {
  it('has no development sign-in in production, and nothing without a public help center', async () => {
    const config = {
      publicHelpCenter: true,
      signIn: { secret: SECRET, links: { perAddress: 3, perClient: 3, windowMs: 60_000 } },
    };
    // The help center's pages mounted under /help, answering what they do not know with 404 as
    // SvelteKit does: the sign-in's routes still answer theirs.
    const pages: HelpCenterHandler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('page not found');
    };
    const production = await createApiHarness({
      config: { ...config, environment: 'production' },
      helpCenterHandler: pages,
    });
    const closed = await createApiHarness({ config: { ...config, publicHelpCenter: false } });
    const call = (harness: ApiHarness, method: 'GET' | 'POST', url: string, payload?: object) =>
      harness.app.inject({ method, url, ...(payload === undefined ? {} : { payload }) });
    try {
      expect((await call(production, 'GET', '/help/v1/sign-in/dev')).statusCode).toBe(404);
      expect((await call(production, 'POST', '/help/v1/sign-in/dev', { customerId: 'c' })).statusCode).toBe(404);
      expect((await call(production, 'POST', '/help/v1/sign-in/link', { email: 'a@example.com' })).statusCode).toBe(
        202,
      );
      expect((await call(closed, 'POST', '/help/v1/sign-in/link', { email: 'a@example.com' })).statusCode).toBe(404);
      expect((await call(closed, 'GET', '/help/v1/sign-in/dev')).statusCode).toBe(404);
    } finally {
      await production.close();
      await closed.close();
    }
  });
});
