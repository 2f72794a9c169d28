import { createHmac } from 'node:crypto';
import { signInLinkExpiresAt, signInLinkIssuedAt } from '@support-engine/domain/customer';
import { errors, jwtVerify, SignJWT } from 'jose';
import { HELP_CENTER_TOKEN_ISSUER } from './secrets.js';

/** The audience of sign-in links: the sign-in's session endpoint only. */
const LINK_AUDIENCE = 'support-engine:help-sign-in';

/** A sign-in link's token, and what it names. */
export interface SignInLink {
  readonly token: string;
  /** The link's id (`jti`): recorded when the link is used, so it is used once. */
  readonly linkId: string;
  readonly customerId: string;
  readonly expiresAt: Date;
}

/**
 * The link for the customer's request at `now`. Every request of one window (the domain's
 * `signInLinkIssuedAt`) gets the very same token, id and expiry, so a retried request is the same
 * link (one mail: its delivery id is the link's); the id is keyed with the link key, so nobody
 * without it can tell one customer's link ids in advance.
 */
export async function issueSignInLink(key: Uint8Array, customerId: string, now: Date): Promise<SignInLink> {
  const issuedAt = signInLinkIssuedAt(now);
  const expiresAt = signInLinkExpiresAt(issuedAt);
  const linkId = createHmac('sha256', key)
    .update(`${customerId}\n${issuedAt.toISOString()}`)
    .digest('base64url')
    .slice(0, 32);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(HELP_CENTER_TOKEN_ISSUER)
    .setAudience(LINK_AUDIENCE)
    .setSubject(customerId)
    .setJti(linkId)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token, linkId, customerId, expiresAt };
}

/** What a link's token is worth at a given time. */
export type LinkReading =
  | { readonly kind: 'valid'; readonly linkId: string; readonly customerId: string }
  | { readonly kind: 'expired' }
  | { readonly kind: 'invalid' };

/**
 * Reads a link's token at `now`: valid, expired (its signature verified: saying so tells a
 * forger nothing), or invalid (malformed, altered, another key's or another kind of token).
 */
export async function readSignInLink(key: Uint8Array, token: string, now: Date): Promise<LinkReading> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: HELP_CENTER_TOKEN_ISSUER,
      audience: LINK_AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'sub', 'jti'],
    });
    return { kind: 'valid', linkId: payload.jti!, customerId: payload.sub! };
  } catch (error) {
    return { kind: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
