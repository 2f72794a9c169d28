import { z } from 'zod';

/** The five statuses of a ticket (docs/domain.md#ticket-statuses). */
export const TicketStatus = z.enum(['new', 'in_progress', 'waiting_customer', 'resolved', 'closed']);
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
export const CloseReason = z.enum(['manual', 'no_customer_response', 'spam', 'invalid', 'customer_confirmed']);
export type CloseReason = z.infer<typeof CloseReason>;

/** The reasons staff give a close they make themselves (spam and invalid have their own command). */
export const StaffCloseReason = CloseReason.extract(['manual', 'no_customer_response']);
export type StaffCloseReason = z.infer<typeof StaffCloseReason>;

/** Why the automation closed a ticket (`TicketAutoClosed`, docs/domain.md#reminders-and-auto-close). */
export const AutoCloseReason = z.enum(['no_customer_response', 'resolved_timeout']);
export type AutoCloseReason = z.infer<typeof AutoCloseReason>;

/** When a transition of the table is allowed: always, or only for a spam/invalid close. */
export type TransitionCondition = 'always' | 'spam_or_invalid';

/**
 * The lifecycle table: for each status, the statuses it may move to and on what condition.
 * This is the single source of truth; {@link canTransition} only reads it.
 * A missing entry (including a status to itself) is a forbidden transition.
 */
export const TICKET_TRANSITIONS: Readonly<
  Record<TicketStatus, Readonly<Partial<Record<TicketStatus, TransitionCondition>>>>
> = {
  new: { in_progress: 'always', closed: 'spam_or_invalid' },
  in_progress: { waiting_customer: 'always', resolved: 'always', closed: 'always' },
  waiting_customer: { in_progress: 'always', resolved: 'always', closed: 'always' },
  resolved: { in_progress: 'always', closed: 'always' },
  closed: { in_progress: 'always' },
};

/**
 * True when the lifecycle table allows `from -> to`. A close passes its reason so the
 * `new -> closed` edge opens only for spam/invalid tickets.
 */
export function canTransition(from: TicketStatus, to: TicketStatus, closeReason?: CloseReason): boolean {
  const condition = TICKET_TRANSITIONS[from][to];
  if (condition === undefined) return false;
  return condition === 'always' || isDiscardClose(closeReason);
}

/** The close reasons that throw a ticket away unanswered (see {@link isDiscardClose}). */
export const DISCARD_CLOSE_REASONS: readonly CloseReason[] = ['spam', 'invalid'];

/**
 * A close that throws the ticket away unanswered (`spam`, `invalid`) rather than ending work done
 * on it. Takes any recorded reason, automatic ones and none included.
 */
export function isDiscardClose(closeReason: string | null | undefined): boolean {
  return (DISCARD_CLOSE_REASONS as readonly (string | null | undefined)[]).includes(closeReason);
}

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
