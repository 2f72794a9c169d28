import { describe, expect, it } from 'vitest';
import {
  HELP_SESSION_TTL_MS,
  helpReturnPathAllowed,
  helpSessionExpiresAt,
  helpSessionOpen,
  SIGN_IN_LINK_TTL_MS,
  signInLinkExpiresAt,
  signInLinkIssuedAt,
  signInLinkParams,
  usedSignInLinksForgottenBefore,
} from './sign-in.js';

const T0 = new Date('2026-03-02T10:00:30.500Z');

describe('sign-in links', () => {
  it('gives every request of one minute the same issue time, the next minute another', () => {
    expect(signInLinkIssuedAt(T0).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(signInLinkIssuedAt(new Date('2026-03-02T10:00:59.999Z'))).toEqual(signInLinkIssuedAt(T0));
    expect(signInLinkIssuedAt(new Date('2026-03-02T10:01:00.000Z')).toISOString()).toBe('2026-03-02T10:01:00.000Z');
  });

  it('works 15 minutes from its issue time', () => {
    const expiresAt = signInLinkExpiresAt(signInLinkIssuedAt(T0));
    expect(expiresAt.getTime() - signInLinkIssuedAt(T0).getTime()).toBe(SIGN_IN_LINK_TTL_MS);
  });

  it('is forgotten once used 15 minutes ago: by then it expired, whenever it was issued', () => {
    const usedAt = T0;
    const latestExpiry = signInLinkExpiresAt(usedAt);
    expect(usedSignInLinksForgottenBefore(latestExpiry)).toEqual(usedAt);
    expect(usedSignInLinksForgottenBefore(new Date(latestExpiry.getTime() - 1)).getTime()).toBeLessThan(
      usedAt.getTime(),
    );
  });

  it('tells the customer until when, in their zone', () => {
    expect(signInLinkParams('https://x/l', new Date('2026-03-02T10:15:00Z'), 'Europe/Paris')).toEqual({
      link: 'https://x/l',
      dueAt: expect.stringContaining('11:15'),
    });
  });
});

describe('help sessions', () => {
  it('last 30 days unless signed out of', () => {
    const expiresAt = helpSessionExpiresAt(T0);
    expect(expiresAt.getTime() - T0.getTime()).toBe(HELP_SESSION_TTL_MS);
    expect(helpSessionOpen({ expiresAt, signedOutAt: null }, T0)).toBe(true);
    expect(helpSessionOpen({ expiresAt, signedOutAt: T0 }, T0)).toBe(false);
    expect(helpSessionOpen({ expiresAt, signedOutAt: null }, expiresAt)).toBe(false);
  });
});

describe('helpReturnPathAllowed', () => {
  it('takes a page under /help/ only', () => {
    for (const path of ['/help/requests', '/help/requests/tickets/t-1?tab=2', '/help/fr/articles/a#x'])
      expect(helpReturnPathAllowed(path), path).toBe(true);
    for (const path of [
      'https://evil.example/help/',
      '//evil.example/help/',
      '/help',
      '/helpx/',
      '/desk/',
      '/help/../desk',
      '/help/%2e%2e/desk',
      '/help/\\evil',
      '/help/a\r\nSet-Cookie: x=1',
      '/help/ a',
      `/help/${'a'.repeat(2_000)}`,
    ])
      expect(helpReturnPathAllowed(path), path).toBe(false);
  });
});
