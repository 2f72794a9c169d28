import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, mintToken } from './tokens.js';

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
      `Bearer ${await sign({ sub: 'agent-1', role: 'agent', exp: now + 3600 }, SECRET, 'HS512')}`,
    ];
    for (const authorization of refused) expect(await codeOf(authenticate(authorization))).toBe('UNAUTHENTICATED');
  });
});
