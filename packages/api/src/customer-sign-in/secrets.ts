import { createHmac } from 'node:crypto';
import type { CustomerTokenIssuer } from '../auth/customer-tokens.js';

/** The issuer (`iss`) of the help center's customer tokens and of sign-in links. */
export const HELP_CENTER_TOKEN_ISSUER = 'support-engine:help-center';

// Every key of the sign-in derives from the deployment's one (`SUPPORT_SIGN_IN_SECRET`), each for
// one purpose, so none is stored and a link never verifies as a customer token or the reverse.
const derive = (secret: string, purpose: string) => createHmac('sha256', secret).update(purpose).digest();

/** The help center as an issuer of customer tokens (the kind the widget's sessions give too). */
export function helpCenterCustomerTokens(secret: string): CustomerTokenIssuer {
  return { issuer: HELP_CENTER_TOKEN_ISSUER, key: derive(secret, 'help-center-customer-token') };
}

/** The key sign-in links are signed with (HS256). */
export function signInLinkKey(secret: string): Uint8Array {
  return derive(secret, 'help-center-sign-in-link');
}
