import { addBusinessTime, type BusinessCalendar } from './calendar.js';

/** The instants an SLA clock can reach: a warning before its target, its target, an escalation. */
export type SlaThresholdKind = 'warning' | 'breach' | 'escalation';

/** Business milliseconds at which each threshold is reached (absent: not tracked for this clock). */
export type SlaThresholds = Readonly<Partial<Record<SlaThresholdKind, number>>>;

/**
 * One SLA clock: a stopwatch of business time run in cycles (first response and resolution have
 * one cycle, next response one per customer message awaiting an agent).
 * `thresholds` follow the ticket's priority while the clock is idle or open and freeze when a cycle
 * completes, so a finished cycle keeps the target it was judged against. `reachedAt` records the
 * instant each threshold was first reached in the current cycle: reaching one is permanent.
 */
export interface SlaClock {
  readonly cycle: number;
  readonly open: boolean;
  readonly elapsedMs: number;
  readonly completedAt: number | null;
  readonly thresholds: SlaThresholds;
  readonly reachedAt: SlaThresholds;
}

/** A clock that never started. */
export const IDLE_CLOCK: SlaClock = {
  cycle: 0,
  open: false,
  elapsedMs: 0,
  completedAt: null,
  thresholds: {},
  reachedAt: {},
};

/** Starts a new cycle from zero. */
export function startCycle(clock: SlaClock): SlaClock {
  return { ...clock, cycle: clock.cycle + 1, open: true, elapsedMs: 0, completedAt: null, reachedAt: {} };
}

/** Opens the current cycle again, keeping what it accumulated and reached (a reopened ticket). */
export function resumeCycle(clock: SlaClock): SlaClock {
  return clock.cycle === 0 || clock.open ? clock : { ...clock, open: true, completedAt: null };
}

/** Completes the open cycle at `at`; a clock with no open cycle is left alone. */
export function completeCycle(clock: SlaClock, at: number): SlaClock {
  return clock.open ? { ...clock, open: false, completedAt: at } : clock;
}

/**
 * Applies the thresholds now in force (unless the cycle is complete) and records, at `at`, any that
 * the elapsed time already reaches: raising a ticket's priority can breach it on the spot.
 */
export function retarget(clock: SlaClock, thresholds: SlaThresholds, at: number): SlaClock {
  if (clock.completedAt !== null) return clock;
  const reachedAt = { ...clock.reachedAt };
  if (clock.open) {
    for (const [kind, threshold] of thresholdEntries(thresholds)) {
      if (reachedAt[kind] === undefined && clock.elapsedMs >= threshold) reachedAt[kind] = at;
    }
  }
  return { ...clock, thresholds, reachedAt };
}

/**
 * Lets `businessMs` of business time, starting at `fromMs`, run on an open clock, recording the
 * instant each threshold is crossed on the way.
 */
export function runClock(clock: SlaClock, calendar: BusinessCalendar, fromMs: number, businessMs: number): SlaClock {
  const elapsedMs = clock.elapsedMs + businessMs;
  const reachedAt = { ...clock.reachedAt };
  for (const [kind, threshold] of thresholdEntries(clock.thresholds)) {
    if (reachedAt[kind] === undefined && elapsedMs >= threshold) {
      reachedAt[kind] = addBusinessTime(calendar, fromMs, threshold - clock.elapsedMs);
    }
  }
  return { ...clock, elapsedMs, reachedAt };
}

/**
 * When a clock that keeps running from `nowMs` will reach threshold `kind`; null when it is already
 * reached or not tracked.
 */
export function projectedAt(
  clock: SlaClock,
  calendar: BusinessCalendar,
  nowMs: number,
  kind: SlaThresholdKind,
): number | null {
  const threshold = clock.thresholds[kind];
  if (threshold === undefined || clock.reachedAt[kind] !== undefined) return null;
  return addBusinessTime(calendar, nowMs, threshold - clock.elapsedMs);
}

function thresholdEntries(thresholds: SlaThresholds): Array<[SlaThresholdKind, number]> {
  return Object.entries(thresholds) as Array<[SlaThresholdKind, number]>;
}
