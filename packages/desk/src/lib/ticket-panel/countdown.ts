/** One SLA clock as `ticketSla` reports it (the fields the countdown reads). */
export interface SlaClockReading {
  readonly state: string;
  readonly remainingBusinessMs: number;
  readonly warningAt?: string | null;
  readonly breachAt?: string | null;
  readonly breachedAt?: string | null;
  readonly completedAt?: string | null;
}

/** What a clock shows at an instant: its phase, and the time left (or overdue) when it counts. */
export type ClockFace =
  | { readonly phase: 'not_started' | 'met' }
  | { readonly phase: 'paused'; readonly remainingMs: number }
  | { readonly phase: 'on_track' | 'at_risk'; readonly remainingMs: number }
  | { readonly phase: 'breached'; readonly overdueMs: number };

/**
 * The face of `clock` at `nowMs`, between two readings of the API: a running clock counts down
 * to its `breachAt` (business hours already in it) and turns at risk at its `warningAt`, breached
 * past `breachAt`; a paused one (the ticket waits on the customer) keeps the time it had left.
 */
export function clockFace(clock: SlaClockReading, nowMs: number): ClockFace {
  const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);
  const breachAt = ms(clock.breachAt);
  switch (clock.state) {
    case 'met':
    case 'not_started':
      return { phase: clock.state };
    case 'paused':
      return { phase: 'paused', remainingMs: Math.max(0, clock.remainingBusinessMs) };
    case 'breached': {
      const since = ms(clock.breachedAt) ?? breachAt ?? nowMs;
      return { phase: 'breached', overdueMs: Math.max(0, (ms(clock.completedAt) ?? nowMs) - since) };
    }
    default: {
      if (breachAt === null) return { phase: 'on_track', remainingMs: Math.max(0, clock.remainingBusinessMs) };
      if (nowMs >= breachAt) return { phase: 'breached', overdueMs: nowMs - breachAt };
      const warningAt = ms(clock.warningAt);
      return {
        phase: warningAt !== null && nowMs >= warningAt ? 'at_risk' : 'on_track',
        remainingMs: breachAt - nowMs,
      };
    }
  }
}

/** A duration as hours, minutes and seconds (`27:04:09`), the hours growing past a day. */
export function formatDuration(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}
