import { randomBytes } from 'node:crypto';
import { helpSessionExpiresAt } from '@support-engine/domain/customer';
import { type CustomerTokenIssuer, mintCustomerToken } from '../auth/customer-tokens.js';
import { openSession, type SignInDb, sessionTokenHash } from './store.js';

/** How long a customer token lives: short, so a leaked one soon stops working (the help center renews it from its session). */
export const CUSTOMER_TOKEN_TTL_SECONDS = 900;

/** A customer token and whom it speaks for, as `/session/token` answers. */
export interface CustomerTokenAnswer {
  readonly customerToken: string;
  readonly customerTokenExpiresAt: string;
  readonly customerId: string;
}

/** A new session and its first customer token, as `/sign-in/session` answers. */
export interface SessionAnswer extends CustomerTokenAnswer {
  readonly sessionToken: string;
  readonly sessionExpiresAt: string;
}

/**
 * A short-lived customer token for the customer, the kind the widget's sessions give. Timed by
 * the wall clock, as the API verifies tokens' expiry (the engine's clock may be a test's).
 */
export async function customerTokenFor(issuer: CustomerTokenIssuer, customerId: string): Promise<CustomerTokenAnswer> {
  const { token, expiresAt } = await mintCustomerToken(issuer, customerId, new Date(), CUSTOMER_TOKEN_TTL_SECONDS);
  return { customerToken: token, customerTokenExpiresAt: expiresAt.toISOString(), customerId };
}

/**
 * Opens a session for the customer (from the link `linkId`, used by it; null: the development
 * sign-in): an opaque random token, kept only as its hash, and a first customer token. `undefined`,
 * writing nothing, when the link was used already.
 */
export async function startSession(
  db: SignInDb,
  issuer: CustomerTokenIssuer,
  customerId: string,
  linkId: string | null,
  now: Date,
): Promise<SessionAnswer | undefined> {
  const sessionToken = randomBytes(32).toString('base64url');
  const expiresAt = helpSessionExpiresAt(now);
  const opened = await openSession(db, {
    tokenHash: sessionTokenHash(sessionToken),
    customerId,
    linkId,
    now,
    expiresAt,
  });
  if (!opened) return undefined;
  return {
    sessionToken,
    sessionExpiresAt: expiresAt.toISOString(),
    ...(await customerTokenFor(issuer, customerId)),
  };
}
