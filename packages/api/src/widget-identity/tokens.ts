import type { SessionVisitor } from '@support-engine/domain/widget';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';

/** The issuer of the engine's own widget customer tokens (`iss`), which the API accepts in every auth mode. */
export const WIDGET_TOKEN_ISSUER = 'support-engine:widget';
/** The audience of widget customer tokens: the engine's API. */
const CUSTOMER_AUDIENCE = 'support-engine:api';
/** The audience of visitor credentials: the widget's session endpoint only. */
const VISITOR_AUDIENCE = 'support-engine:widget-session';

/** Signs a customer token for the widget: role customer, subject the customer, `ttlSeconds` long. */
export async function mintWidgetCustomerToken(
  key: Uint8Array,
  customerId: string,
  widgetKey: string,
  now: Date,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
  const token = await new SignJWT({ role: 'customer', wk: widgetKey })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(WIDGET_TOKEN_ISSUER)
    .setAudience(CUSTOMER_AUDIENCE)
    .setSubject(customerId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(key);
  return { token, expiresAt };
}

/** Verifies a widget customer token (signature, issuer, audience, expiry); throws otherwise. */
export async function verifyWidgetCustomerToken(
  key: Uint8Array,
  token: string,
  clockToleranceS: number,
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key, {
    algorithms: ['HS256'],
    issuer: WIDGET_TOKEN_ISSUER,
    audience: CUSTOMER_AUDIENCE,
    clockTolerance: clockToleranceS,
    requiredClaims: ['exp', 'sub'],
  });
  return payload;
}

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
