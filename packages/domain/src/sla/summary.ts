import type { SlaStatus } from './calculator.js';

/** A ticket's SLA in one word, for lists, dashboards and the `SlaState` search attribute. */
export type SlaSummary = 'not_started' | 'running' | 'paused' | 'warning' | 'breached' | 'met';

/**
 * Sums a ticket's clocks up in one word, worst first: `breached` (a clock's current cycle reached
 * its target), `warning` (a running clock passed its warning threshold; a paused clock is not
 * at risk while the customer has the ball), `running`, `paused`, `met` (every started clock was
 * completed in time), `not_started` (no clock yet, or no status at all). The read models, the
 * workflows' search attribute and every other summary ask this one function, so they agree.
 */
export function summarizeSla(status: SlaStatus | null): SlaSummary {
  if (status === null) return 'not_started';
  const metrics = Object.values(status.metrics);
  if (metrics.some((m) => m.state === 'breached')) return 'breached';
  if (metrics.some((m) => m.state === 'running' && m.warnedAt !== null)) return 'warning';
  if (metrics.some((m) => m.state === 'running')) return 'running';
  if (metrics.some((m) => m.state === 'paused')) return 'paused';
  return metrics.some((m) => m.state === 'met') ? 'met' : 'not_started';
}
