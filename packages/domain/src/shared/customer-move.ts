import type { Id } from './actor.js';
import { DomainError } from './errors.js';

/** Why a chat or ticket changed customer: the one reason the engine has today. */
export const VISITOR_IDENTIFIED = 'visitor identified';

/**
 * Whether a chat or ticket held by `holder` moves from customer `from` to `to` (their merge): it
 * does while `from` holds it; when `to` holds it already the move is done (a retried or racing
 * merge: nothing to record); held by anyone else, it is not `from`'s to give
 * (`INVALID_TRANSITION`). Everything else the item holds stays: its messages, its agent, its
 * clocks.
 */
export function movesToCustomer(item: string, holder: Id, from: Id, to: Id): boolean {
  if (holder === to) return false;
  if (holder === from) return true;
  throw new DomainError('INVALID_TRANSITION', `${item} belongs to customer ${holder}, not ${from}`, {
    holder,
    from,
    to,
  });
}
