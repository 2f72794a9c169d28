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

/**
 * The customer a chat or ticket stream's events say holds it now: the one its first event
 * (`ChatStarted`, `TicketOpened`) names, then each `ChatCustomerChanged` / `TicketCustomerChanged`'s
 * `to`; null for a stream that names none.
 */
export function customerHolding(events: readonly { readonly type: string; readonly data: unknown }[]): Id | null {
  let holder: Id | null = null;
  for (const [index, event] of events.entries()) {
    const data = event.data as { customerId?: unknown; to?: unknown };
    if (index === 0 && typeof data.customerId === 'string') holder = data.customerId;
    else if (MOVES.has(event.type) && typeof data.to === 'string') holder = data.to;
  }
  return holder;
}

const MOVES: ReadonlySet<string> = new Set(['ChatCustomerChanged', 'TicketCustomerChanged']);
