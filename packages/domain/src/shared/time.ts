import { z } from 'zod';

/**
 * An instant as an ISO-8601 UTC string with milliseconds (what `Date#toISOString` prints).
 * Events store instants as strings so they survive JSON unchanged.
 */
export const Instant = z.iso.datetime({ offset: false, precision: 3 });
export type Instant = z.infer<typeof Instant>;

/** Durations in milliseconds, the unit every timing of the domain is given in. */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Milliseconds since the epoch of an ISO instant. */
export function toMillis(instant: Instant): number {
  return Date.parse(instant);
}

/** The ISO instant of a millisecond timestamp. */
export function toInstant(ms: number): Instant {
  return new Date(ms).toISOString();
}

/** `instant` moved forward by `ms` milliseconds. */
export function addMillis(instant: Instant, ms: number): Instant {
  return toInstant(toMillis(instant) + ms);
}
