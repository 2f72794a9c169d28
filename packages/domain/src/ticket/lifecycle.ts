import { z } from 'zod';
import { CLOSE_REASONS, TICKET_STATUS_NAMES } from './transitions.js';

export {
  CLOSE_REASONS,
  canTransition,
  DISCARD_CLOSE_REASONS,
  isDiscardClose,
  TICKET_STATUS_NAMES,
  TICKET_TRANSITIONS,
  type TransitionCondition,
} from './transitions.js';

/** The five statuses of a ticket (docs/domain.md#ticket-statuses). */
export const TicketStatus = z.enum(TICKET_STATUS_NAMES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** Every status, in lifecycle order (handy for dashboards and exhaustive tests). */
export const TICKET_STATUSES: readonly TicketStatus[] = TicketStatus.options;

/**
 * Why a ticket was closed by hand (`TicketStatusChanged` to `closed`):
 * - `manual`: an agent closed it;
 * - `no_customer_response`: an agent closed it for lack of response (the support guide's
 *   "closing without response" reply), as the automation does at the end of the wait;
 * - `spam` / `invalid`: thrown away unanswered, the only way out of `new` besides `in_progress`;
 * - `customer_confirmed`: the customer confirmed a resolved ticket is done.
 */
export const CloseReason = z.enum(CLOSE_REASONS);
export type CloseReason = z.infer<typeof CloseReason>;

/** The reasons staff give a close they make themselves (spam and invalid have their own command). */
export const StaffCloseReason = CloseReason.extract(['manual', 'no_customer_response']);
export type StaffCloseReason = z.infer<typeof StaffCloseReason>;

/** Why the automation closed a ticket (`TicketAutoClosed`, docs/domain.md#reminders-and-auto-close). */
export const AutoCloseReason = z.enum(['no_customer_response', 'resolved_timeout']);
export type AutoCloseReason = z.infer<typeof AutoCloseReason>;

/**
 * A close that throws the ticket away as spam (not `invalid`): the one close after which the
 * customer is not told, and after which their writing again is kept on record silently.
 */
export function isSpamClose(closeReason: string | null | undefined): boolean {
  return closeReason === 'spam';
}

/** The statuses of a ticket whose work is done, resolved or closed (see {@link isResolvedOrClosed}). */
export const RESOLVED_OR_CLOSED: readonly TicketStatus[] = ['resolved', 'closed'];

/**
 * Whether a ticket in this status is finished: resolved or closed. Takes any recorded status,
 * as read models hold it (text), so an unknown one is simply not finished.
 */
export function isResolvedOrClosed(status: string): boolean {
  return (RESOLVED_OR_CLOSED as readonly string[]).includes(status);
}

/**
 * Whether a ticket in this status is open: it still needs an agent's work (`new`, `in_progress`,
 * `waiting_customer`), the opposite of {@link isResolvedOrClosed}.
 */
export function isOpenStatus(status: string): boolean {
  return !isResolvedOrClosed(status);
}

/** A move back to work from a finished ticket (`resolved`/`closed` -> `in_progress`). */
export function isReopen(from: string, to: string): boolean {
  return to === 'in_progress' && isResolvedOrClosed(from);
}
