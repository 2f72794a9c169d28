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

/**
 * Met and breached counts of one SLA metric's latest cycle; `rate` is met / (met + breached),
 * `null` without either. `goal` is the share the tickets' SLA policy asks to meet (`null` when the
 * group has no single one) and `meetsGoal` whether the rate reaches it ({@link meetsComplianceGoal}).
 */
export interface SlaCompliance {
  readonly met: number;
  readonly breached: number;
  readonly rate: number | null;
  readonly goal: number | null;
  readonly meetsGoal: boolean | null;
}

/** The compliance of `met` and `breached` tickets, held to `goal` (none by default). */
export function slaCompliance(met: number, breached: number, goal: number | null = null): SlaCompliance {
  const rate = met + breached === 0 ? null : met / (met + breached);
  return { met, breached, rate, goal, meetsGoal: meetsComplianceGoal(rate, goal) };
}

/**
 * Whether a compliance rate reaches its goal (an SLA policy's `complianceGoal`: 0.8 asks that
 * 80 % of tickets meet the target); `null` when either is unknown (no ticket met or breached the
 * target, or no goal applies). A rate exactly at the goal meets it.
 */
export function meetsComplianceGoal(rate: number | null, goal: number | null): boolean | null {
  return rate === null || goal === null ? null : rate >= goal;
}

/**
 * The compliance goal a group of tickets is held to, given the goal of each SLA policy that
 * governs some of them (`null` for a policy setting none, or unknown): the one goal they all
 * share, else `null` (tickets under an 80 % and a 90 % policy have no single goal to compare a
 * rate with; compare each policy's own figures instead).
 */
export function sharedComplianceGoal(goals: readonly (number | null)[]): number | null {
  const [first = null, ...rest] = goals;
  return rest.every((goal) => goal === first) ? first : null;
}
