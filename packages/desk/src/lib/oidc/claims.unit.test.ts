import { describe, expect, it } from 'vitest';
import { SignInRefused, sessionFromClaims } from './claims.ts';

describe("a provider's sign-in as the desk's session", () => {
  it('sends the access token and reads who it is from the ID token, the role from the configured claim', () => {
    expect(
      sessionFromClaims({ sub: 'u-1', support_role: 'agent', name: 'Grace Hopper' }, 'support_role', 'at'),
    ).toEqual({
      token: 'at',
      sub: 'u-1',
      role: 'agent',
      name: 'Grace Hopper',
      via: 'oidc',
    });
    expect(sessionFromClaims({ sub: 'u-2', role: 'auditor', preferred_username: 'grace' }, 'role', 'at').name).toBe(
      'grace',
    );
    expect(sessionFromClaims({ sub: 'u-3', role: 'admin' }, 'role', 'at').name).toBe('u-3');
  });

  it('takes the strongest role of a list of groups, as the API does', () => {
    expect(sessionFromClaims({ sub: 'u-1', groups: ['staff', 'agent', 'supervisor'] }, 'groups', 'at').role).toBe(
      'supervisor',
    );
  });

  it('refuses an account without a desk role (none, a customer, or under another claim)', () => {
    for (const claims of [
      { sub: 'u-1' },
      { sub: 'u-1', role: 'customer' },
      { sub: 'u-1', role: ['customer', 'staff'] },
      { sub: 'u-1', groups: 'agent' },
    ])
      expect(() => sessionFromClaims(claims, 'role', 'at')).toThrow(SignInRefused);
  });
});
