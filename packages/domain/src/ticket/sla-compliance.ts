import { isDiscardClose } from './lifecycle.js';

/**
 * Whether a ticket's SLA clocks count toward the compliance figures (each metric's `met` against
 * `breached`) of the ticket reports and the what-if, given the reason it stands closed for (`null`
 * when it is not closed). A ticket thrown away as spam or invalid does not: nobody was meant to
 * serve it, so its clocks, stopped by the close, are neither met nor breached, whatever they say
 * (it still counts as a ticket). A reopen clears the reason, and the ticket counts again.
 */
export function countsTowardSlaCompliance(closeReason: string | null): boolean {
  return !isDiscardClose(closeReason);
}
