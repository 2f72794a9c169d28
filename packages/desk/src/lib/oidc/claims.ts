import { roleOfClaim } from '@support-engine/domain';
import type { Session } from '../session.svelte.ts';

/** The roles that work in the desk; a token for another (a customer's) cannot sign in here. */
export const DESK_ROLES: readonly string[] = ['agent', 'supervisor', 'admin', 'auditor'];

/** Why a provider's sign-in cannot open the desk (a message key of the oidc area says it). */
export type SignInRefusal = 'NO_DESK_ROLE';

/** A sign-in the desk refuses, with its reason. */
export class SignInRefused extends Error {
  constructor(readonly reason: SignInRefusal) {
    super(reason);
  }
}

/**
 * The desk's session from a provider's sign-in: the access token (what the API verifies), and
 * who it speaks for from the ID token's claims: `sub`, the role from `roleClaim` (a role's name,
 * or a list of groups whose strongest role counts, as the API reads it; one of the desk's roles,
 * else {@link SignInRefused}), the name from `name`, else `preferred_username`, else `sub`.
 */
export function sessionFromClaims(
  claims: Readonly<Record<string, unknown>>,
  roleClaim: string,
  accessToken: string,
): Session {
  const role = roleOfClaim(claims[roleClaim]);
  if (role === null || !DESK_ROLES.includes(role)) throw new SignInRefused('NO_DESK_ROLE');
  const sub = String(claims.sub);
  const name = [claims.name, claims.preferred_username].find((value) => typeof value === 'string' && value !== '');
  return { token: accessToken, sub, role, name: (name as string | undefined) ?? sub, via: 'oidc' };
}
