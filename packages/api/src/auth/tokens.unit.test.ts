import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { widgetCustomerTokens } from '../widget-identity/secrets.js';
import { WIDGET_TOKEN_ISSUER } from '../widget-identity/tokens.js';
import { mintCustomerToken } from './customer-tokens.js';
import { createAuthenticator, mintToken, VERIFIED_TOKENS_KEPT } from './tokens.js';

const SECRET = 'unit-test-secret-of-at-least-32-characters';
const authenticate = createAuthenticator({ mode: 'hs256', secret: SECRET });

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { extensions?: { code?: string } }) => error.extensions?.code,
  );

const sign = (claims: Record<string, unknown>, secret = SECRET, alg = 'HS256') =>
  new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));

describe('the HS256 authenticator', () => {
  it('turns a valid token into its principal, request after request', async () => {
    const token = await mintToken({ sub: 'agent-1', role: 'agent' }, SECRET);
    for (let i = 0; i < 3; i++) {
      expect(await authenticate(`Bearer ${token}`)).toEqual({ id: 'agent-1', role: 'agent' });
    }
  });

  it('reads the scheme in any case (RFC 7235: bearer, BEARER), as over HTTP so in connection_init', async () => {
    const token = await mintToken({ sub: 'agent-1', role: 'agent' }, SECRET);
    for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
      expect(await authenticate(`${scheme} ${token}`)).toEqual({ id: 'agent-1', role: 'agent' });
    }
    expect(await codeOf(authenticate(`Bearerx ${token}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(authenticate(`Basic ${token}`))).toBe('UNAUTHENTICATED');
  });

  it('treats a missing header as anonymous', async () => {
    expect(await authenticate(undefined)).toBeNull();
    expect(await authenticate('')).toBeNull();
  });

  it('refuses malformed headers, other secrets, tampering, expiry and missing claims', async () => {
    const now = Math.floor(Date.now() / 1000);
    const valid = await mintToken({ sub: 'agent-1', role: 'agent' }, SECRET);
    const [header, , signature] = valid.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'admin-1', role: 'admin', exp: now + 3600 })).toString(
      'base64url',
    );
    const refused = [
      'Basic abc',
      `Bearer ${valid} extra`,
      `Bearer ${await mintToken({ sub: 'agent-1', role: 'agent' }, `${SECRET}-other`)}`,
      `Bearer ${header}.${forged}.${signature}`,
      `Bearer ${await sign({ sub: 'agent-1', role: 'agent', exp: now - 3600 })}`,
      `Bearer ${await sign({ sub: 'agent-1', role: 'agent' })}`,
      `Bearer ${await sign({ sub: 'agent-1', exp: now + 3600 })}`,
      // A subject no database column can hold (it would be every write's actor id).
      `Bearer ${await sign({ sub: 'ag\u0000nul', role: 'agent', exp: now + 3600 })}`,
      `Bearer ${await sign({ sub: 'agent-1\n{"level":30}', role: 'agent', exp: now + 3600 })}`,
      `Bearer ${await sign({ sub: 'agent-1', role: 'agent', exp: now + 3600 }, SECRET, 'HS512')}`,
    ];
    for (const authorization of refused) expect(await codeOf(authenticate(authorization))).toBe('UNAUTHENTICATED');
  });

  it('says a well-signed token expired, and nothing more of a token that does not verify', async () => {
    const now = Math.floor(Date.now() / 1000);
    const messageOf = (authorization: string) =>
      authenticate(authorization).then(
        () => 'accepted',
        (error: Error) => error.message,
      );
    expect(await messageOf(`Bearer ${await sign({ sub: 'agent-1', role: 'agent', exp: now - 3600 })}`)).toMatch(
      /^The token expired/,
    );
    // Expired too, but signed with another key: the signature fails first.
    const forged = await sign({ sub: 'agent-1', role: 'agent', exp: now - 3600 }, `${SECRET}-other`);
    expect(await messageOf(`Bearer ${forged}`)).toBe('Invalid or expired token');
  });
});

describe('remembering verified tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('checks a token once, then answers its repeats without verifying the signature again', async () => {
    const fresh = createAuthenticator({ mode: 'hs256', secret: SECRET });
    const token = await mintToken({ sub: 'agent-1', role: 'agent' }, SECRET);
    const verifications = vi.spyOn(crypto.subtle, 'verify');
    for (let i = 0; i < 5; i++) expect(await fresh(`Bearer ${token}`)).toEqual({ id: 'agent-1', role: 'agent' });
    expect(verifications).toHaveBeenCalledTimes(1);
  });

  it('stops accepting a remembered token when verification would: at its expiry plus the clock tolerance', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const fresh = createAuthenticator({ mode: 'hs256', secret: SECRET });
    const token = await mintToken({ sub: 'agent-1', role: 'agent' }, SECRET, 60);
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp as number;
    expect(await fresh(`Bearer ${token}`)).toEqual({ id: 'agent-1', role: 'agent' });
    vi.setSystemTime((exp + 29) * 1000);
    expect(await fresh(`Bearer ${token}`)).toEqual({ id: 'agent-1', role: 'agent' });
    vi.setSystemTime((exp + 30) * 1000);
    expect(await codeOf(fresh(`Bearer ${token}`))).toBe('UNAUTHENTICATED');
  });

  it('forgets the least recently used token beyond its bound, and never remembers a refusal', async () => {
    const fresh = createAuthenticator({ mode: 'hs256', secret: SECRET });
    const first = await mintToken({ sub: 'agent-first', role: 'agent' }, SECRET);
    await fresh(`Bearer ${first}`);
    const key = new TextEncoder().encode(SECRET);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    for (let i = 0; i < VERIFIED_TOKENS_KEPT; i++) {
      const other = await new SignJWT({ role: 'agent' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(`agent-${i}`)
        .setExpirationTime(exp)
        .sign(key);
      await fresh(`Bearer ${other}`);
    }
    const verifications = vi.spyOn(crypto.subtle, 'verify');
    await fresh(`Bearer ${first}`);
    expect(verifications).toHaveBeenCalledTimes(1);

    const forged = `${first.slice(0, first.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    for (let i = 0; i < 2; i++) expect(await codeOf(fresh(`Bearer ${forged}`))).toBe('UNAUTHENTICATED');
    expect(verifications).toHaveBeenCalledTimes(3);
  }, 60_000);
});

describe('a role claim holding a list (an identity provider’s groups)', () => {
  const server = createServer();
  let privateKey: CryptoKey;
  let jwksUrl = '';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server.on('request', (_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const providerToken = (claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setExpirationTime('1h').sign(privateKey);

  it('takes the strongest role of the groups in the configured claim, other groups ignored', async () => {
    const authenticateGroups = createAuthenticator({ mode: 'jwks', jwksUrl, roleClaim: 'groups' });
    const as = async (groups: unknown) =>
      authenticateGroups(`Bearer ${await providerToken({ sub: 'grace', groups })}`).then(
        (principal) => principal?.role,
        (error: { extensions?: { code?: string } }) => error.extensions?.code,
      );
    expect(await as(['staff', 'agent'])).toBe('agent');
    expect(await as(['agent', 'supervisor', 'auditor'])).toBe('supervisor');
    expect(await as(['auditor'])).toBe('auditor');
    expect(await as('admin')).toBe('admin');
    // No role among the groups, or only the engine's own: no role, refused.
    expect(await as(['staff', 'engineering'])).toBe('UNAUTHENTICATED');
    expect(await as(['system'])).toBe('UNAUTHENTICATED');
    expect(await as([])).toBe('UNAUTHENTICATED');
  });
});

describe('the engine’s own widget customer tokens', () => {
  const WIDGET_SECRET = 'widget-unit-test-secret-of-at-least-32-chars';
  const server = createServer();
  let jwksUrl = '';
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server.on('request', (_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const widgetToken = async () =>
    (await mintCustomerToken(widgetCustomerTokens(WIDGET_SECRET), 'visitor-1', new Date(), 900, { wk: 'wk_shop' }))
      .token;
  const outcome = (authenticate: ReturnType<typeof createAuthenticator>, token: string) =>
    authenticate(`Bearer ${token}`).then(
      (principal) => principal,
      (error: { extensions?: { code?: string } }) => error.extensions?.code,
    );

  it('speak for their customer in the HS256 mode and in the identity provider’s (its role claim a list)', async () => {
    const token = await widgetToken();
    for (const authenticate of [
      createAuthenticator({ mode: 'hs256', secret: SECRET }, [widgetCustomerTokens(WIDGET_SECRET)]),
      createAuthenticator({ mode: 'jwks', jwksUrl, roleClaim: 'groups' }, [widgetCustomerTokens(WIDGET_SECRET)]),
    ])
      expect(await outcome(authenticate, token)).toEqual({ id: 'visitor-1', role: 'customer' });
  });

  it('are refused without a widget secret, signed with another, claiming a staff role, or forged with the HS256 secret', async () => {
    const token = await widgetToken();
    expect(await outcome(createAuthenticator({ mode: 'hs256', secret: SECRET }), token)).toBe('UNAUTHENTICATED');
    const other = createAuthenticator({ mode: 'hs256', secret: SECRET }, [
      widgetCustomerTokens(`${WIDGET_SECRET}-other`),
    ]);
    expect(await outcome(other, token)).toBe('UNAUTHENTICATED');
    const authenticate = createAuthenticator({ mode: 'hs256', secret: SECRET }, [widgetCustomerTokens(WIDGET_SECRET)]);
    const asAgent = await new SignJWT({ role: 'agent' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(WIDGET_TOKEN_ISSUER)
      .setAudience('support-engine:api')
      .setSubject('visitor-1')
      .setExpirationTime('1h')
      .sign(widgetCustomerTokens(WIDGET_SECRET).key);
    expect(await outcome(authenticate, asAgent)).toBe('UNAUTHENTICATED');
    const withApiSecret = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(WIDGET_TOKEN_ISSUER)
      .setAudience('support-engine:api')
      .setSubject('visitor-1')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    expect(await outcome(authenticate, withApiSecret)).toBe('UNAUTHENTICATED');
  });
});
