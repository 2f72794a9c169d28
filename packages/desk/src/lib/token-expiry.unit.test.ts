import { describe, expect, it } from 'vitest';
import { expiresAt, renewalAt } from './token-expiry.ts';

const jwt = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

describe('when the desk renews its token', () => {
  it('three quarters of the way through its life, or a minute before its expiry if sooner', () => {
    // A development token (8 hours): after 6 hours.
    expect(renewalAt(jwt({ iat: 1_000, exp: 1_000 + 8 * 3600 }))).toBe((1_000 + 6 * 3600) * 1000);
    // An hour: after 45 minutes.
    expect(renewalAt(jwt({ iat: 1_000, exp: 4_600 }))).toBe(3_700 * 1000);
    // 200 seconds: a minute before its expiry (after 140), not three quarters (150).
    expect(renewalAt(jwt({ iat: 1_000, exp: 1_200 }))).toBe(1_140 * 1000);
  });

  it('never before half of its life went by (a short-lived token)', () => {
    expect(renewalAt(jwt({ iat: 1_000, exp: 1_015 }))).toBe(1_007.5 * 1000);
  });

  it('not at all for a token that says nothing of its life, and reads its expiry', () => {
    expect(renewalAt(jwt({ exp: 1_000 }))).toBeNull();
    expect(renewalAt(jwt({ iat: 2_000, exp: 1_000 }))).toBeNull();
    expect(renewalAt('not a token')).toBeNull();
    expect(expiresAt(jwt({ iat: 1, exp: 1_000 }))).toBe(1_000_000);
    expect(expiresAt('a.b.c')).toBeNull();
  });
});
