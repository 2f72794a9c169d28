import type { TicketCommandOf } from './commands.js';
import type { EscalationReason, SlaMetric } from './values.js';

// The automation's two escalation rules. Both move the ticket one tier up (past the top tier:
// into the supervisors' queue) with a separate `Escalate` command rather than inside the SLA
// record, so a ticket already with the supervisors (where `Escalate` is refused) still records
// its breach.

/**
 * The reason both SLA escalations give: the ticket failed, or is about to fail, the policy's
 * promise; `sla_breach` is the only SLA reason of `EscalationReason`, and the note tells which rule fired.
 */
export const SLA_ESCALATION_REASON = 'sla_breach' satisfies EscalationReason;

/**
 * The escalation that follows a recorded breach of `metric`: the current tier missed the target,
 * so a higher tier takes over. Issue it only once the breach is recorded, so that a breach the
 * domain declines to record (moot, or already reported) escalates nothing and a breach escalates once.
 */
export function escalationForBreach(ticketId: string, metric: SlaMetric): TicketCommandOf<'Escalate'> {
  return { type: 'Escalate', data: { ticketId, reason: SLA_ESCALATION_REASON, note: `${metric} SLA breached` } };
}

/**
 * The escalation of a ticket still unresolved once its resolution clock passes the policy's
 * escalation threshold, breach or not: the policy caps how long a ticket may stay at its tier.
 */
export function escalationPastThreshold(ticketId: string): TicketCommandOf<'Escalate'> {
  return { type: 'Escalate', data: { ticketId, reason: SLA_ESCALATION_REASON, note: THRESHOLD_NOTE } };
}

/** The note of {@link escalationPastThreshold}, which tells its escalations from a breach's. */
export const THRESHOLD_NOTE = 'unresolved past the escalation threshold';

/**
 * Whether an escalation is the automation's for the threshold (no breach behind it): its alert
 * says so rather than "SLA breached".
 */
export function isThresholdEscalation(data: {
  readonly reason?: string | undefined;
  readonly actor: { readonly role: string };
}): boolean {
  return data.actor.role === 'system' && data.reason === THRESHOLD_NOTE;
}
