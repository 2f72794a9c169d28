import { checkAcknowledged } from './acknowledged.js';
import { checkDoubledAutomations, checkDoubledDeliveries, checkDoubledMails, checkDoubledWebhooks } from './doubles.js';
import { checkLedgers } from './ledger.js';
import type { ChaosRecords } from './records.js';
import { checkRecovery } from './recovery.js';
import type { CheckResult } from './result.js';
import { checkTimers } from './timers.js';

/** Every check of the chaos run over its records, in report order. */
export function runChecks(records: ChaosRecords): CheckResult[] {
  const ledgers = checkLedgers(records);
  const { fired: _fired, ...timers } = checkTimers(records);
  return [
    checkAcknowledged(records),
    checkDoubledDeliveries(records),
    checkDoubledWebhooks(records),
    checkDoubledMails(records),
    checkDoubledAutomations(records),
    ledgers.routing,
    ledgers.capacity,
    timers,
    {
      check: 'read models differing from a rebuild of the log',
      violations: records.rebuildDifferences,
    },
    { check: 'hash chains and seals failing to verify', violations: records.sealProblems },
    checkRecovery(records),
  ];
}

/** Whether any check found a violation. */
export function failed(results: readonly CheckResult[]): boolean {
  return results.some((result) => result.violations.length > 0);
}

/** The report as a table (count of violations, check, figure), then each violation under its check. */
export function formatReport(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.check.length));
  const lines = results.map((r) =>
    `${String(r.violations.length).padStart(5)}  ${r.check.padEnd(width)}  ${r.figure ?? ''}`.trimEnd(),
  );
  const details = results.flatMap((r) =>
    r.violations.length === 0
      ? []
      : [
          `\n${r.check}:`,
          ...r.violations.slice(0, 20).map((v) => `  ${v}`),
          ...(r.violations.length > 20 ? [`  … and ${r.violations.length - 20} more`] : []),
        ],
  );
  return [`${'count'.padStart(5)}  ${'check'.padEnd(width)}  figure`, ...lines, ...details].join('\n');
}
