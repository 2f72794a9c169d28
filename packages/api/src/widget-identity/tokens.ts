import type { SessionVisitor } from '@support-engine/domain/widget';
import { jwtVerify, SignJWT } from 'jose';

/** The issuer (`iss`) of the widget's customer tokens (`mintCustomerToken`) and visitor credentials. */
export const WIDGET_TOKEN_ISSUER = 'support-engine:widget';
/** The audience of visitor credentials: the widget's session endpoint only. */
const VISITOR_AUDIENCE = 'support-engine:widget-session';

/**
 * Signs a visitor credential: bound to the widget key and the customer (`anon`: an anonymous
 * visitor, whom an identity may merge), `ttlSeconds` long.
 */
export function mintVisitorToken(
  key: Uint8Array,
  visitor: SessionVisitor,
  widgetKey: string,
  now: Date,
  ttlSeconds: number,
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const { customerId, anonymous } = visitor;
  return new SignJWT({ wk: widgetKey, anon: anonymous })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(WIDGET_TOKEN_ISSUER)
    .setAudience(VISITOR_AUDIENCE)
    .setSubject(customerId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(key);
}

/**
 * The visitor a credential names (the customer, and whether anonymous), when it verifies
 * (signature, audience, not expired at `now`) and was issued for `widgetKey`; `undefined`
 * otherwise (the caller then starts afresh).
 */
export async function visitorOf(
  key: Uint8Array,
  token: string,
  widgetKey: string,
  now: Date,
): Promise<SessionVisitor | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: WIDGET_TOKEN_ISSUER,
      audience: VISITOR_AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'sub'],
    });
    if (payload.wk !== widgetKey || payload.sub === undefined) return undefined;
    return { customerId: payload.sub, anonymous: payload.anon === true };
  } catch {
    return undefined;
  }
}
