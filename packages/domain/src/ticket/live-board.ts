import { HOUR_MS, type Instant, toMillis } from '../shared/time.js';
import type { SlaSummary } from '../sla/summary.js';
import { countsTowardSlaCompliance } from './sla-compliance.js';

/** How far back the supervisors' live board looks for SLA breaches: the last hour. */
export const LIVE_BOARD_BREACH_WINDOW_MS = HOUR_MS;

/** What the live board's SLA figures know of a ticket (the tickets read model holds them). */
export interface BoardSlaFacts {
  /** The latest breach the automation recorded, as the deadline it missed; null: none. */
  readonly lastSlaBreachAt: Instant | null;
  /** When the running clock closest to its target reaches it; null: no running clock. */
  readonly slaNextBreachAt: Instant | null;
  /** Why the ticket stands closed; null when it is not closed. */
  readonly closeReason: string | null;
  /** The SLA in one word (`summarizeSla`). */
  readonly slaState: SlaSummary | string;
}

/** Whether `at` falls within the breach window ending at `now` (`now - 1 hour < at <= now`). */
function withinBreachWindow(at: Instant | null, now: Instant): boolean {
  if (at === null) return false;
  const ms = toMillis(at);
  const end = toMillis(now);
  return ms > end - LIVE_BOARD_BREACH_WINDOW_MS && ms <= end;
}

/**
 * Whether the live board counts the ticket among the SLA breaches of the last hour at `now`: a
 * breach recorded as due within the hour, or a running clock whose deadline is now up to an hour
 * overdue (the automation may not have recorded it yet). A ticket thrown away as spam or invalid
 * counts in none, as in every SLA figure ({@link countsTowardSlaCompliance}).
 */
export function isSlaBreachedInLastHour(ticket: BoardSlaFacts, now: Instant): boolean {
  if (!countsTowardSlaCompliance(ticket.closeReason)) return false;
  return withinBreachWindow(ticket.lastSlaBreachAt, now) || withinBreachWindow(ticket.slaNextBreachAt, now);
}

/**
 * Whether the ticket's SLA is at risk at `now`: a running clock past its warning threshold
 * (`warning`) and no running clock already past its target (those count as breaches).
 */
export function isSlaAtRisk(ticket: BoardSlaFacts, now: Instant): boolean {
  if (ticket.slaState !== 'warning') return false;
  return ticket.slaNextBreachAt === null || toMillis(ticket.slaNextBreachAt) > toMillis(now);
}
