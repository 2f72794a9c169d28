import { canTransition, TICKET_STATUS_NAMES, type TicketStatus } from '@support-engine/domain/ticket';

/** A status the panel offers a ticket: allowed by the lifecycle, or shown disabled with why not. */
export interface StatusChoice {
  readonly to: TicketStatus;
  readonly allowed: boolean;
  /** Why the move is refused (a message key's last part), when it is. */
  readonly refusal?: 'unansweredClose' | 'notFrom';
}

/**
 * Every other status `from` could move to, in lifecycle order, each allowed or not as the
 * domain's lifecycle table says (a staff close is `manual`: `new` closes only as spam or invalid).
 */
export function statusChoices(from: TicketStatus): StatusChoice[] {
  return TICKET_STATUS_NAMES.filter((to) => to !== from).map((to) => {
    if (canTransition(from, to, 'manual')) return { to, allowed: true };
    if (from === 'new' && to === 'closed') return { to, allowed: false, refusal: 'unansweredClose' };
    return { to, allowed: false, refusal: 'notFrom' };
  });
}
