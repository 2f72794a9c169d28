import type { ChaosRecords } from './records.js';
import { type CheckResult, quantile } from './result.js';

/** The target: every process ready again within this long after a fault ends. */
export const RECOVERY_TARGET_MS = 30_000;

/** Each fault's recovery: a process never ready again, or ready later than the target, is a violation. */
export function checkRecovery(records: Pick<ChaosRecords, 'faults'>): CheckResult {
  const violations = records.faults.flatMap((fault) =>
    fault.problem !== undefined
      ? [`${fault.kind} ${fault.target} at ${fault.at}: ${fault.problem}`]
      : fault.recoveryMs === null
        ? [`${fault.kind} ${fault.target} at ${fault.at}: never ready again`]
        : fault.recoveryMs > RECOVERY_TARGET_MS
          ? [`${fault.kind} ${fault.target} at ${fault.at}: ready after ${fault.recoveryMs} ms`]
          : [],
  );
  const kinds = [...new Set(records.faults.map((fault) => fault.kind))].sort();
  const figure = kinds
    .map((kind) => {
      const times = records.faults.filter((f) => f.kind === kind && f.recoveryMs !== null).map((f) => f.recoveryMs!);
      return `${kind} max ${quantile(times, 1) ?? 'n/a'} ms`;
    })
    .join('; ');
  return {
    check: `recovery over ${RECOVERY_TARGET_MS / 1000} s (or never)`,
    violations,
    figure: `${records.faults.length} faults${figure ? `: ${figure}` : ''}`,
  };
}
