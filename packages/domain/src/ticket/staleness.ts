import { DAY_MS, HOUR_MS, type Instant, toInstant, toMillis } from '../shared/time.js';
import type { TicketStatus } from './lifecycle.js';

/**
 * The support guide's staleness rules for working the queue: a ticket in progress for more than
 * 24 hours, or waiting for the customer for more than 3 days, has gone stale and needs a look.
 * Other statuses never go stale (new tickets are the SLA's business, resolved and closed ones done).
 */
export const STALE_AFTER_MS: Readonly<Partial<Record<TicketStatus, number>>> = {
  in_progress: 24 * HOUR_MS,
  waiting_customer: 3 * DAY_MS,
};

/** One staleness rule at an instant: tickets in `status` since before `since` are stale. */
export interface StaleBound {
  readonly status: TicketStatus;
  readonly since: Instant;
}

/** The staleness rules as bounds at `now`: a ticket is stale when it is in one of these statuses since before its bound. */
export function staleBounds(now: Instant): readonly StaleBound[] {
  return Object.entries(STALE_AFTER_MS).map(([status, afterMs]) => ({
    status: status as TicketStatus,
    since: toInstant(toMillis(now) - afterMs),
  }));
}

/** Whether a ticket in `status` since `statusSince` is stale at `now` ({@link STALE_AFTER_MS}). */
export function isStale(
  ticket: { readonly status: TicketStatus; readonly statusSince: Instant },
  now: Instant,
): boolean {
  const afterMs = STALE_AFTER_MS[ticket.status];
  return afterMs !== undefined && toMillis(now) - toMillis(ticket.statusSince) > afterMs;
}
