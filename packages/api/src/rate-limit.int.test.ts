import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiConfig } from './config.js';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, createApiHarness } from './testing/harness.fixture.js';

// Who spends whose budget: a verified token's subject has its own, anonymous callers share their
// address's, and the address is the proxy's `X-Forwarded-For` only when the proxy is trusted.

const MAX = 5;

interface Caller {
  readonly token?: string;
  readonly remoteAddress: string;
  readonly forwardedFor?: string;
}

/** The error code of `{ __typename }` sent as `caller` (`undefined` when it was answered). */
async function ask(h: ApiHarness, caller: Caller): Promise<string | undefined> {
  const response = await h.app.inject({
    method: 'POST',
    url: GRAPHQL_PATH,
    remoteAddress: caller.remoteAddress,
    headers: {
      'content-type': 'application/json',
      ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
      ...(caller.forwardedFor ? { 'x-forwarded-for': caller.forwardedFor } : {}),
    },
    payload: JSON.stringify({ query: '{ __typename }' }),
  });
  const body = JSON.parse(response.body) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code;
}

/** Sends `MAX + 1` requests as `caller`: the last one must be refused. */
async function flood(h: ApiHarness, caller: Caller) {
  for (let i = 0; i < MAX; i++) expect(await ask(h, caller)).toBeUndefined();
  expect(await ask(h, caller)).toBe('RATE_LIMITED');
}

const harness = (config: Partial<ApiConfig>) =>
  createApiHarness({ config: { rateLimit: { max: MAX, windowMs: 600_000 }, ...config } });

describe('the rate limit', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await harness({});
  });
  afterAll(async () => h?.close());

  it('gives an authenticated user a budget of their own, apart from their address', async () => {
    const address = '203.0.113.1';
    await flood(h, { remoteAddress: address });
    const user = await h.token('agent', 'agent-flooded-out');
    expect(await ask(h, { remoteAddress: address, token: user })).toBeUndefined();
  });

  it("limits a flooding user only, not others at the same address nor that address's anonymous callers", async () => {
    const address = '203.0.113.2';
    await flood(h, { remoteAddress: address, token: await h.token('agent', 'agent-flooding') });
    // The same subject with another token (or role) still spends the same budget.
    expect(await ask(h, { remoteAddress: '198.51.100.9', token: await h.token('supervisor', 'agent-flooding') })).toBe(
      'RATE_LIMITED',
    );
    expect(await ask(h, { remoteAddress: address, token: await h.token('agent', 'agent-other') })).toBeUndefined();
    expect(await ask(h, { remoteAddress: address })).toBeUndefined();
  });

  it('charges an unverifiable token to the address, not to the subject it claims', async () => {
    const address = '203.0.113.3';
    const victim = await h.token('agent', 'agent-victim');
    const [header, payload] = victim.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    for (let i = 0; i < MAX; i++)
      expect(await ask(h, { remoteAddress: address, token: forged })).toBe('UNAUTHENTICATED');
    expect(await ask(h, { remoteAddress: address, token: forged })).toBe('RATE_LIMITED');
    expect(await ask(h, { remoteAddress: address })).toBe('RATE_LIMITED');
    expect(await ask(h, { remoteAddress: '198.51.100.10', token: victim })).toBeUndefined();
  });

  it('charges an operation one unit per root field, and refuses it whole past the budget', async () => {
    const caller = { remoteAddress: '203.0.113.4', token: await h.token('agent', 'agent-batching') };
    const fields = MAX - 1;
    const batch = JSON.stringify({
      query: `{ ${Array.from({ length: fields }, (_, i) => `f${i}: __typename`).join(' ')} }`,
    });
    const send = () =>
      h.app.inject({
        method: 'POST',
        url: GRAPHQL_PATH,
        remoteAddress: caller.remoteAddress,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.token}` },
        payload: batch,
      });
    const first = await send();
    expect(JSON.parse(first.body)).toEqual({
      data: Object.fromEntries(Array.from({ length: fields }, (_, i) => [`f${i}`, 'Query'])),
    });
    // The budget the answer reports counts every field, not only the request.
    expect(first.headers['x-ratelimit-remaining']).toBe(String(MAX - fields));
    const second = await send();
    expect(second.statusCode).toBe(429);
    expect(second.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(second.body)).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    expect(JSON.parse(second.body).data ?? null).toBeNull();
  });

  it('answers a refused request with 429 and Retry-After', async () => {
    const caller = { remoteAddress: '203.0.113.5' };
    await flood(h, caller);
    const refused = await h.app.inject({ method: 'GET', url: `${GRAPHQL_PATH}?query={__typename}`, ...caller });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ignores X-Forwarded-For when the proxy is not trusted', async () => {
    const proxy = '10.0.0.1';
    await flood(h, { remoteAddress: proxy, forwardedFor: '192.0.2.1' });
    expect(await ask(h, { remoteAddress: proxy, forwardedFor: '192.0.2.2' })).toBe('RATE_LIMITED');
  });
});

describe('the rate limit behind a trusted proxy', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await harness({ trustProxy: ['10.0.0.0/8'] });
  });
  afterAll(async () => h?.close());

  it('keys anonymous callers by the client address the proxy forwards', async () => {
    const proxy = '10.0.0.1';
    await flood(h, { remoteAddress: proxy, forwardedFor: '192.0.2.1' });
    expect(await ask(h, { remoteAddress: proxy, forwardedFor: '192.0.2.2' })).toBeUndefined();
    // A caller the proxy setting does not cover cannot pick its address by sending the header.
    await flood(h, { remoteAddress: '198.51.100.20', forwardedFor: '192.0.2.3' });
    expect(await ask(h, { remoteAddress: '198.51.100.20', forwardedFor: '192.0.2.4' })).toBe('RATE_LIMITED');
  });
});
