import { isLead } from '../agent/roles.js';
import type { Actor } from './actor.js';
import { mayNot } from './articles.js';
import { DomainError } from './errors.js';
import type { FollowUpState } from './values.js';

/**
 * Checks that `actor` may complete the follow-up of a rated ticket or chat and that it is open:
 * `FORBIDDEN` for anyone but supervisors and admins, `FOLLOW_UP_NOT_OPEN` when it is done already
 * or the rating asked for none. Returns the `note` field of the completion event.
 */
export function completableFollowUp(
  actor: Actor,
  followUp: FollowUpState | null,
  rated: { readonly kind: 'ticket' | 'chat'; readonly id: string },
  note: string | undefined,
): { note?: string } {
  if (!isLead(actor)) {
    throw new DomainError('FORBIDDEN', mayNot(actor.role, "complete a low rating's follow-up"), { role: actor.role });
  }
  if (followUp !== 'open') {
    const { kind, id } = rated;
    throw new DomainError(
      'FOLLOW_UP_NOT_OPEN',
      followUp === 'done'
        ? `The follow-up of ${kind} ${id} is already done`
        : `The ${kind} ${id} has no follow-up to complete (only a rating of 2 or less asks for one)`,
      { [`${kind}Id`]: id, followUp },
    );
  }
  return note === undefined ? {} : { note };
}
