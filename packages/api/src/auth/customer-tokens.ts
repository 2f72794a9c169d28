import { type JWTPayload, jwtVerify, SignJWT } from 'jose';

/**
 * One of the engine's own issuers of customer tokens (the widget's sessions, the help center's
 * sign-in): its `iss`, and the key its tokens are signed and verified with (HS256), derived from
 * that part's deployment secret and never another issuer's.
 */
export interface CustomerTokenIssuer {
  readonly issuer: string;
  readonly key: Uint8Array;
}

/** The audience of customer tokens: the engine's API. */
const CUSTOMER_AUDIENCE = 'support-engine:api';

/**
 * Signs a short-lived customer token: role customer, subject the customer, `ttlSeconds` long from
 * `now`, with the issuer's own claims beside (the widget names its key). The API accepts it in
 * every auth mode (`createAuthenticator`).
 */
export async function mintCustomerToken(
  signer: CustomerTokenIssuer,
  customerId: string,
  now: Date,
  ttlSeconds: number,
  claims: Readonly<Record<string, string>> = {},
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
  const token = await new SignJWT({ ...claims, role: 'customer' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(signer.issuer)
    .setAudience(CUSTOMER_AUDIENCE)
    .setSubject(customerId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(signer.key);
  return { token, expiresAt };
}

/** Verifies a customer token of `signer` (signature, issuer, audience, expiry); throws otherwise. */
export async function verifyCustomerToken(
  signer: CustomerTokenIssuer,
  token: string,
  clockToleranceS: number,
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, signer.key, {
    algorithms: ['HS256'],
    issuer: signer.issuer,
    audience: CUSTOMER_AUDIENCE,
    clockTolerance: clockToleranceS,
    requiredClaims: ['exp', 'sub'],
  });
  return payload;
}
