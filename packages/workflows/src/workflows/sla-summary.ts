import type { SlaStatus } from '@support-engine/domain';

/** The one-word SLA state shown as the `SlaState` search attribute. */
export type SlaSummary = 'none' | 'running' | 'paused' | 'warning' | 'breached' | 'met';

/**
 * Summarizes the clocks for ops filtering, worst first: any breached clock, else any open clock
 * past its warning, else running, paused, met; `none` before any clock started. Display only:
 * the reports themselves come from the domain's thresholds.
 */
export function summarizeSla(status: SlaStatus | null): SlaSummary {
  if (status === null) return 'none';
  const metrics = Object.values(status.metrics);
  const open = metrics.filter((m) => m.state === 'running' || m.state === 'paused');
  if (metrics.some((m) => m.state === 'breached')) return 'breached';
  if (open.some((m) => m.warnedAt !== null)) return 'warning';
  if (open.some((m) => m.state === 'running')) return 'running';
  if (open.length > 0) return 'paused';
  return metrics.some((m) => m.state === 'met') ? 'met' : 'none';
}
