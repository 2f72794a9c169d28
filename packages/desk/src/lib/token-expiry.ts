/** The renewal never comes later than this before the token's expiry (seconds). */
const RENEW_BEFORE_EXPIRY_S = 60;

/** A JWT's claims, read without verifying it (the API verifies; the desk only plans ahead). */
function claimsOf(token: string): Record<string, unknown> | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** When `token` expires (epoch ms), or `null` when it says nothing readable. */
export function expiresAt(token: string): number | null {
  const exp = claimsOf(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : null;
}

/**
 * When to renew `token` (epoch ms): three quarters of the way through its life, or a minute
 * before it expires if that comes first, but never before half of it went by (a short-lived
 * token is not renewed over and over). `null` for a token without `iat` and `exp`.
 */
export function renewalAt(token: string): number | null {
  const claims = claimsOf(token);
  const { iat, exp } = claims ?? {};
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= iat) return null;
  const life = exp - iat;
  return 1000 * Math.max(iat + life / 2, Math.min(iat + (life * 3) / 4, exp - RENEW_BEFORE_EXPIRY_S));
}
