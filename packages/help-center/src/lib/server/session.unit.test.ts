import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelpCenterContext } from './context';
import { customerTokenOf, exchangeSignInLink, isFresh, SignInRefusal, signOut, TOKEN_MARGIN_MS } from './session';

// The session module against an HTTP server answering as the engine's /help/v1/ endpoints do:
// what it posts, which refusals it turns into what, and when it asks for a new customer token.

const calls: { path: string; body: unknown }[] = [];
let expiresAt = '';
let server: Server;
let context: HelpCenterContext;

async function bodyOf(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text === '' ? null : JSON.parse(text);
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = (await bodyOf(request)) as Record<string, string> | null;
    calls.push({ path: request.url ?? '', body });
    const answer = (status: number, value?: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(value === undefined ? '' : JSON.stringify(value));
    };
    if (request.url === '/help/v1/sign-in/session') {
      if (body?.token === 'used') return answer(410, { error: { code: 'SIGN_IN_LINK_USED', message: 'used' } });
      return answer(200, {
        sessionToken: 'session-1',
        sessionExpiresAt: '2099-01-01T00:00:00.000Z',
        customerToken: 'customer-token-0',
        customerTokenExpiresAt: expiresAt,
        customerId: 'cust-1',
      });
    }
    if (request.url === '/help/v1/session/token') {
      if (body?.sessionToken !== 'session-1') return answer(401, { error: { code: 'SESSION_INVALID', message: 'no' } });
      return answer(200, {
        customerToken: `customer-token-${calls.length}`,
        customerTokenExpiresAt: expiresAt,
        customerId: 'cust-1',
      });
    }
    if (request.url === '/help/v1/sign-out') return answer(204);
    return answer(404, { error: { code: 'NOT_FOUND', message: 'no' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  context = {
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    systemToken: null,
    publicOrigin: null,
    widgetKey: null,
    contactEmail: null,
    visitorHeaders: {},
  };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the help center’s sessions', () => {
  it('takes a token as fresh only while more than a minute is left', () => {
    const now = Date.parse('2026-01-01T00:00:00.000Z');
    expect(isFresh(new Date(now + TOKEN_MARGIN_MS + 1).toISOString(), now)).toBe(true);
    expect(isFresh(new Date(now + TOKEN_MARGIN_MS).toISOString(), now)).toBe(false);
  });

  it('keeps the customer token of a new session, and asks again only a minute before it expires', async () => {
    const now = Date.parse('2026-01-01T00:00:00.000Z');
    expiresAt = new Date(now + 15 * 60_000).toISOString();
    calls.length = 0;
    const grant = await exchangeSignInLink(context, 'good');
    expect(calls).toEqual([{ path: '/help/v1/sign-in/session', body: { token: 'good' } }]);
    expect(await customerTokenOf(context, grant.sessionToken, now + 60_000)).toMatchObject({
      customerToken: 'customer-token-0',
    });
    expect(calls).toHaveLength(1);
    const renewed = await customerTokenOf(context, grant.sessionToken, now + 14 * 60_000);
    expect(calls.at(-1)).toEqual({ path: '/help/v1/session/token', body: { sessionToken: 'session-1' } });
    expect(renewed?.customerToken).toBe('customer-token-2');
  });

  it('turns a refusal into its code, and an unknown session into none', async () => {
    const refusal = await exchangeSignInLink(context, 'used').catch((caught: unknown) => caught);
    expect(refusal).toBeInstanceOf(SignInRefusal);
    expect(refusal).toMatchObject({ code: 'SIGN_IN_LINK_USED', status: 410 });
    expect(await customerTokenOf(context, 'session-unknown')).toBeNull();
  });

  it('forgets the session’s token on sign-out', async () => {
    expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
    await exchangeSignInLink(context, 'good');
    await signOut(context, 'session-1');
    calls.length = 0;
    await customerTokenOf(context, 'session-1');
    expect(calls.map((call) => call.path)).toEqual(['/help/v1/session/token']);
  });
});
