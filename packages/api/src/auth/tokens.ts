import { type Actor, Id, isStorableText, Role, roleOfClaim } from '@support-engine/domain';
import { createRemoteJWKSet, decodeJwt, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { type AuthConfig, roleClaimOf } from '../config.js';
import { ApiError } from '../errors/codes.js';
import { type CustomerTokenIssuer, verifyCustomerToken } from './customer-tokens.js';

/** Who is calling: the token's subject and role. It is the actor of every command they issue. */
export type Principal = Actor;

/**
 * The claims the API reads: `sub` (the actor id) and the role (`role`, or the configured role
 * claim's: a role's name, or a list of groups whose strongest role is taken, see `roleOfClaim`).
 */
// The subject becomes the actor id of every event, row and log line the caller writes: storable
// text without control characters (a line break in it could forge a line of a log).
const Claims = z.object({ sub: Id.refine((sub) => isStorableText(sub) && !/\p{Cc}/u.test(sub)), role: Role });

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

/** When each principal an authenticator made stops being valid (its token's `exp` plus the clock tolerance). */
const validUntil = new WeakMap<Principal, number>();

/**
 * The instant (epoch ms) the token `principal` was verified from stops verifying; `null` for a
 * principal no token gave (the engine's own actors, tests' hand-made ones).
 */
export function principalValidUntil(principal: Principal): number | null {
  return validUntil.get(principal) ?? null;
}

/** What a request made with an expired token is told (and a subscription its token outlived). */
export const TOKEN_EXPIRED_MESSAGE = 'The token expired: get a new one and send the request again';

/** Turns the `Authorization` header into a principal: `null` without a header, `UNAUTHENTICATED` for a bad token. */
export type Authenticator = (authorization: string | undefined) => Promise<Principal | null>;

/** How many verified tokens an authenticator remembers (most recently used kept). */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * The authenticator for the configured verification mode, and for the engine's own customer
 * tokens of each of `customerIssuers` (the widget's, the help center's sign-in: each token
 * verified with its issuer's key alone, role customer only: docs/widget.md, docs/help-center.md). A client sends the same token with
 * every request: once verified, a token is remembered (bounded, least recently used forgotten)
 * until the instant verification itself would start refusing it (`exp` plus the clock
 * tolerance), so the signature and claims are checked once per token, not once per request.
 * Failures are never remembered. In JWKS mode a key withdrawn from the key set therefore stops
 * its tokens only at their expiry, as with any JWT cached by a gateway.
 */
export function createAuthenticator(
  config: AuthConfig,
  customerIssuers: readonly CustomerTokenIssuer[] = [],
): Authenticator {
  const roleClaim = roleClaimOf(config);
  const verify = withCustomerTokens(verifierFor(config), customerIssuers, roleClaim);
  // Expiry is read from the wall clock, as the verifier reads `exp`; the cache bounds and orders.
  const verified = new LRUCache<string, { readonly principal: Principal; readonly untilMs: number }>({
    max: VERIFIED_TOKENS_KEPT,
  });
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    // The scheme is case-insensitive (RFC 7235 §2.1): some clients and proxies send `bearer`.
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization);
    if (!match) throw new ApiError('UNAUTHENTICATED', 'Expected "Authorization: Bearer <token>"');
    const token = match[1]!;
    const known = verified.get(token);
    if (known !== undefined) {
      if (Date.now() < known.untilMs) return known.principal;
      verified.delete(token);
    }
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      // Expiry is checked once the signature verified, so saying it tells a forger nothing, and
      // tells a client to refresh rather than to look at its keys. Other reasons stay unsaid.
      if (error instanceof errors.JWTExpired) throw new ApiError('UNAUTHENTICATED', TOKEN_EXPIRED_MESSAGE);
      throw new ApiError('UNAUTHENTICATED', 'Invalid or expired token');
    }
    const claims = Claims.safeParse({ sub: payload.sub, role: roleOfClaim(payload[roleClaim]) });
    if (!claims.success) throw new ApiError('UNAUTHENTICATED', 'The token lacks a valid subject or role');
    const principal: Principal = Object.freeze({ id: claims.data.sub, role: claims.data.role });
    // `exp` is a required claim, checked by the verifier.
    const untilMs = (payload.exp! + CLOCK_TOLERANCE_S) * 1000;
    verified.set(token, { principal, untilMs });
    validUntil.set(principal, untilMs);
    return principal;
  };
}

/**
 * `verify`, and the engine's own customer tokens beside it: a token naming one of `issuers` is
 * verified with that issuer's key alone (never the configured mode's), and gives a customer only.
 */
function withCustomerTokens(
  verify: (token: string) => Promise<JWTPayload>,
  issuers: readonly CustomerTokenIssuer[],
  roleClaim: string,
): (token: string) => Promise<JWTPayload> {
  if (issuers.length === 0) return verify;
  const byIssuer = new Map(issuers.map((issuer) => [issuer.issuer, issuer]));
  return async (token) => {
    const issuer = byIssuer.get(issuerOf(token) ?? '');
    if (issuer === undefined) return verify(token);
    const payload = await verifyCustomerToken(issuer, token, CLOCK_TOLERANCE_S);
    if (payload.role !== 'customer') throw new Error('An engine customer token speaks for a customer only');
    // Its role where the configured mode reads roles (a provider's `groups`, say).
    return { ...payload, [roleClaim]: 'customer' };
  };
}

/** The unverified `iss` of a token, to choose its verifier; undefined when it does not decode. */
function issuerOf(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}

function verifierFor(config: AuthConfig): (token: string) => Promise<JWTPayload> {
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
