import { type Actor, Id, Role } from '@support-engine/domain';
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { AuthConfig } from '../config.js';
import { ApiError } from '../errors/codes.js';

/** Who is calling: the token's subject and role. It is the actor of every command they issue. */
export type Principal = Actor;

/** The claims the API reads: `sub` (the actor id) and `role`. */
const Claims = z.object({ sub: Id, role: Role });

/** Clock skew tolerated between the token issuer and this server. */
const CLOCK_TOLERANCE_S = 30;

const secretKey = (secret: string) => new TextEncoder().encode(secret);

/** The HS256 secret as a non-extractable key that can only verify. */
const hmacVerifyKey = (secret: string) =>
  crypto.subtle.importKey('raw', secretKey(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);

/**
 * Signs an HS256 token for `principal`, valid for `ttlSeconds` (for the `token` CLI command and
 * tests; production tokens come from the identity provider).
 */
export async function mintToken(
  principal: { sub: string; role: Role },
  secret: string,
  ttlSeconds = 3600,
): Promise<string> {
  const claims = Claims.parse(principal);
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secretKey(secret));
}

/** Turns the `Authorization` header into a principal: `null` without a header, `UNAUTHENTICATED` for a bad token. */
export type Authenticator = (authorization: string | undefined) => Promise<Principal | null>;

/** The authenticator for the configured verification mode. */
export function createAuthenticator(config: AuthConfig): Authenticator {
  const verify = verifierFor(config);
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization);
    if (!match) throw new ApiError('UNAUTHENTICATED', 'Expected "Authorization: Bearer <token>"');
    let payload: unknown;
    try {
      payload = await verify(match[1]!);
    } catch {
      // The reason (expired, bad signature, unknown key) is for the server log, not the caller.
      throw new ApiError('UNAUTHENTICATED', 'Invalid or expired token');
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw new ApiError('UNAUTHENTICATED', 'The token lacks a valid subject or role');
    return { id: claims.data.sub, role: claims.data.role };
  };
}

function verifierFor(config: AuthConfig): (token: string) => Promise<unknown> {
  if (config.mode === 'hs256') {
    // Imported once: given the raw bytes, jose would import them as a CryptoKey on every request.
    let key: Promise<CryptoKey> | undefined;
    const verifyKey = () => {
      key ??= hmacVerifyKey(config.secret);
      return key;
    };
    return async (token) =>
      (
        await jwtVerify(token, await verifyKey(), {
          algorithms: ['HS256'],
          clockTolerance: CLOCK_TOLERANCE_S,
          requiredClaims: ['exp'],
        })
      ).payload;
  }
  // One key set for the server's lifetime: it caches the fetched keys and refetches on rotation.
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(config.jwksUrl));
  return async (token) =>
    (
      await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
      })
    ).payload;
}
