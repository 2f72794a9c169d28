import { createHmac, timingSafeEqual } from 'node:crypto';
import { identityMessage } from '@support-engine/domain/widget';
import type { CustomerTokenIssuer } from '../auth/customer-tokens.js';
import { WIDGET_TOKEN_ISSUER } from './tokens.js';

// Every widget secret derives from the deployment's one (`SUPPORT_WIDGET_SECRET`), each for one
// purpose, so none is ever stored and a secret of one kind never verifies another kind.
const derive = (secret: string, purpose: string) => createHmac('sha256', secret).update(purpose).digest();

/**
 * The identity secret of a widget key: what the host's server signs its users' identities with.
 * Derived from the deployment's widget secret and the key, never stored (an admin reads it with
 * `widgetIdentitySecret`); another deployment secret gives other identity secrets.
 */
export function identitySecretOf(secret: string, widgetKey: string): string {
  return derive(secret, `widget-identity\n${widgetKey}`).toString('hex');
}

/** The widget as an issuer of customer tokens: signed with a key of their own (HS256). */
export function widgetCustomerTokens(secret: string): CustomerTokenIssuer {
  return { issuer: WIDGET_TOKEN_ISSUER, key: derive(secret, 'widget-customer-token') };
}

/** The key visitor credentials are signed with (HS256): never a customer token's. */
export function visitorTokenKey(secret: string): Uint8Array {
  return derive(secret, 'widget-visitor-token');
}

/**
 * Whether `hash` is the lower-case hex HMAC-SHA256 of the identity (`identityMessage`: user id,
 * line break, email), keyed with the widget key's identity secret. Compared in constant time.
 */
export function identityHashValid(
  secret: string,
  widgetKey: string,
  identity: { readonly userId: string; readonly email: string; readonly hash: string },
): boolean {
  const expected = createHmac('sha256', identitySecretOf(secret, widgetKey))
    .update(identityMessage(identity.userId, identity.email))
    .digest();
  if (!/^[0-9a-f]{64}$/.test(identity.hash)) return false;
  return timingSafeEqual(expected, Buffer.from(identity.hash, 'hex'));
}
