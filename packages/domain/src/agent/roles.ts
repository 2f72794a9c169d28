import type { Actor } from '../shared/actor.js';

/** Supervisors and admins: they manage the team and may step into any agent's work. */
export function isLead(actor: Actor): boolean {
  return actor.role === 'supervisor' || actor.role === 'admin';
}
