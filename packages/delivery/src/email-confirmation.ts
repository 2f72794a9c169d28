import { EmailAddress, Id, Instant } from '@support-engine/domain';
import { z } from 'zod';
import { readToken, signToken } from './signed-token.js';

/** What an address confirmation link names: the customer's pending request. */
export interface EmailConfirmation {
  readonly customerId: string;
  readonly email: string;
  /** The request's `expiresAt`, which also tells one request for an address from the next. */
  readonly expiresAt: string;
}

/** The fields in the order they are signed; the first says which layout this is. */
const Signed = z.tuple([z.literal(1), Id, EmailAddress, Instant]);

/** The token of a confirmation link, signed with the deployment's `EMAIL_CONFIRMATION_KEY`. */
export function signEmailConfirmation(confirmation: EmailConfirmation, key: Buffer): string {
  const { customerId, email, expiresAt } = confirmation;
  return signToken([1, customerId, email, expiresAt] satisfies z.input<typeof Signed>, key);
}

/**
 * The request a token names when `key` signed it, else `null` (forged, altered or cut short).
 * Whether that request is still pending and unexpired is the customer aggregate's to decide.
 */
export function readEmailConfirmation(token: string, key: Buffer): EmailConfirmation | null {
  const parsed = Signed.safeParse(readToken(token, key));
  if (!parsed.success) return null;
  const [, customerId, email, expiresAt] = parsed.data;
  return { customerId, email, expiresAt };
}

/** The link mailed to a pending address: the deployment's page (`{token}` filled in). */
export function emailConfirmationLink(urlTemplate: string, token: string): string {
  return urlTemplate.replaceAll('{token}', encodeURIComponent(token));
}
