// The lifecycle table and its checks without zod, so a browser (the desk) can ask them without
// bundling the validation library; lifecycle.ts builds the schemas on these names.

/** The five statuses of a ticket, in lifecycle order (docs/domain.md#ticket-statuses). */
export const TICKET_STATUS_NAMES = ['new', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
type TicketStatusName = (typeof TICKET_STATUS_NAMES)[number];

/** Why a ticket was closed (lifecycle.ts's `CloseReason` explains each). */
export const CLOSE_REASONS = ['manual', 'no_customer_response', 'spam', 'invalid', 'customer_confirmed'] as const;
type CloseReasonName = (typeof CLOSE_REASONS)[number];

/** When a transition of the table is allowed: always, or only for a spam/invalid close. */
export type TransitionCondition = 'always' | 'spam_or_invalid';

/**
 * The lifecycle table: for each status, the statuses it may move to and on what condition.
 * This is the single source of truth; {@link canTransition} only reads it.
 * A missing entry (including a status to itself) is a forbidden transition.
 */
export const TICKET_TRANSITIONS: Readonly<
  Record<TicketStatusName, Readonly<Partial<Record<TicketStatusName, TransitionCondition>>>>
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
export function canTransition(from: TicketStatusName, to: TicketStatusName, closeReason?: CloseReasonName): boolean {
  const condition = TICKET_TRANSITIONS[from][to];
  if (condition === undefined) return false;
  return condition === 'always' || isDiscardClose(closeReason);
}

/** The close reasons that throw a ticket away unanswered (see {@link isDiscardClose}). */
export const DISCARD_CLOSE_REASONS: readonly CloseReasonName[] = ['spam', 'invalid'];

/**
 * A close that throws the ticket away unanswered (`spam`, `invalid`) rather than ending work done
 * on it. Takes any recorded reason, automatic ones and none included.
 */
export function isDiscardClose(closeReason: string | null | undefined): boolean {
  return (DISCARD_CLOSE_REASONS as readonly (string | null | undefined)[]).includes(closeReason);
}
