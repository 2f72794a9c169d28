import { ROLE_NAMES, type Role } from './actor.js';

/**
 * The roles a list of groups may grant, the strongest first. The engine gives each caller one
 * role, so a person in several groups acts with the strongest of them: staff roles before the
 * auditor's (who reads everything but acts on nothing), and the customer's last. `system`, the
 * engine's own automation, is never granted by a group.
 */
export const GROUP_ROLE_PRECEDENCE: readonly Role[] = ['admin', 'supervisor', 'agent', 'auditor', 'customer'];

/**
 * The role a token's role claim grants: the role it names, or, for a list (an identity
 * provider's groups), the first role of {@link GROUP_ROLE_PRECEDENCE} it holds (other entries,
 * groups that are no role of the engine, are ignored). `null` when it grants none.
 */
export function roleOfClaim(claim: unknown): Role | null {
  if (typeof claim === 'string') return (ROLE_NAMES as readonly string[]).includes(claim) ? (claim as Role) : null;
  if (!Array.isArray(claim)) return null;
  return GROUP_ROLE_PRECEDENCE.find((role) => claim.includes(role)) ?? null;
}
