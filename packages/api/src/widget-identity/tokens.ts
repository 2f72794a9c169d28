import { jwtVerify, SignJWT } from 'jose';

/** The issuer (`iss`) of the widget's customer tokens (`mintCustomerToken`) and visitor credentials. */
export const WIDGET_TOKEN_ISSUER = 'support-engine:widget';
/** The audience of visitor credentials: the widget's session endpoint only. */
const VISITOR_AUDIENCE = 'support-engine:widget-session';

/** Signs a visitor credential: bound to the widget key and the customer, `ttlSeconds` long. */
export function mintVisitorToken(
  key: Uint8Array,
  customerId: string,
  widgetKey: string,
  now: Date,
  ttlSeconds: number,
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ wk: widgetKey })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(WIDGET_TOKEN_ISSUER)
    .setAudience(VISITOR_AUDIENCE)
    .setSubject(customerId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(key);
}

/**
 * The customer a visitor credential names, when it verifies (signature, audience, not expired at
 * `now`) and was issued for `widgetKey`; `undefined` otherwise (the caller then starts afresh).
 */
export async function visitorOf(
  key: Uint8Array,
  token: string,
  widgetKey: string,
  now: Date,
): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: WIDGET_TOKEN_ISSUER,
      audience: VISITOR_AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'sub'],
    });
    return payload.wk === widgetKey ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
