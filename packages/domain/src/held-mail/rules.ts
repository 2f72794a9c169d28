import { type Actor, isStaff } from '../shared/actor.js';
import { mayNot } from '../shared/articles.js';
import { DomainError } from '../shared/errors.js';
import type { HeldMail, HeldMailState } from './state.js';

/** Only the mail ingress (the system) holds a message. */
export function mayHoldMail(actor: Actor): boolean {
  return actor.role === 'system';
}

/** Agents, supervisors and admins review held mail; auditors only read it. */
export function mayReviewHeldMail(actor: Actor): boolean {
  return isStaff(actor);
}

/** Throws `FORBIDDEN` unless `allowed`. */
export function requireAllowed(allowed: boolean, actor: Actor, action: string): void {
  if (!allowed) throw new DomainError('FORBIDDEN', mayNot(actor.role, action), { role: actor.role, action });
}

/**
 * A held message may be accepted or discarded once, while it is pending: `NOT_FOUND` for none,
 * `HELD_MAIL_DECIDED` (with the decision) for one already accepted or discarded.
 */
export function requirePendingHeldMail(state: HeldMailState, heldMailId: string): HeldMail {
  if (state === null) throw new DomainError('NOT_FOUND', `Held mail ${heldMailId} does not exist`, { heldMailId });
  if (state.status !== 'pending')
    throw new DomainError('HELD_MAIL_DECIDED', `Held mail ${heldMailId} was already ${state.status}`, {
      heldMailId,
      status: state.status,
    });
  return state;
}
