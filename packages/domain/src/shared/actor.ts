import { z } from 'zod';

/** Who may act on the engine. `system` is the automation (workflows, projector reactions). */
export const ROLE_NAMES = ['customer', 'agent', 'supervisor', 'admin', 'auditor', 'system'] as const;
export const Role = z.enum(ROLE_NAMES);
export type Role = z.infer<typeof Role>;

/** An identifier supplied by the caller: the domain never generates ids itself. */
export const Id = z.string().trim().min(1).max(128);
export type Id = z.infer<typeof Id>;

/** The person or process behind a command, recorded on every event it produces. */
export const Actor = z.object({ id: Id, role: Role }).strict();
export type Actor = z.infer<typeof Actor>;

/** Roles that act on behalf of the support team. */
export const STAFF_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];

/** True for agents, supervisors and admins. */
export function isStaff(actor: Actor): boolean {
  return STAFF_ROLES.includes(actor.role);
}
