import { HOUR_MS, type Instant, toMillis } from '../shared/time.js';

/**
 * How long after a customer views an article a ticket they open still counts against
 * self-service: 24 hours (docs/knowledge-base.md#feedback-and-self-service).
 */
export const SELF_SERVICE_WINDOW_MS = 24 * HOUR_MS;

/**
 * Whether the self-service window of a view made at `viewedAt` has passed at `now`: the view is
 * settled, counted resolved or not; before that it is pending, counted neither way.
 */
export function isSelfServiceSettled(viewedAt: Instant, now: Instant): boolean {
  return toMillis(viewedAt) + SELF_SERVICE_WINDOW_MS <= toMillis(now);
}

/**
 * Whether a customer's view made at `viewedAt` answered them without a ticket: none of the
 * tickets they opened (`ticketsOpenedAt`, any of theirs) was opened within the window starting
 * at the view (`viewedAt <= opened < viewedAt + 24 hours`).
 */
export function isSelfServiceResolved(viewedAt: Instant, ticketsOpenedAt: readonly Instant[]): boolean {
  const start = toMillis(viewedAt);
  return !ticketsOpenedAt.some((opened) => {
    const at = toMillis(opened);
    return at >= start && at < start + SELF_SERVICE_WINDOW_MS;
  });
}
