import { isLead } from '../agent/roles.js';
import type { Actor } from '../shared/actor.js';

/**
 * Whether `actor` may put a staff member in an alert group or take them out of one (their own
 * included): the groups decide who hears of breaches, escalations and incidents, which is the
 * team leads' call; the system (demo data, provisioning) too.
 */
export function mayChangeAlertGroups(actor: Actor): boolean {
  return isLead(actor) || actor.role === 'system';
}
