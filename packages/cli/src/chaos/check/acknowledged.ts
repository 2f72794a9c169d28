import type { ChaosRecords } from './records.js';
import type { CheckResult } from './result.js';

/** Every command the API acknowledged must be in the log (its key on an event, or recorded as done). */
export function checkAcknowledged(records: Pick<ChaosRecords, 'acknowledged' | 'loggedCommandKeys'>): CheckResult {
  const missing = records.acknowledged.filter((command) => !records.loggedCommandKeys.has(command.commandKey));
  return {
    check: 'acknowledged commands missing from the log',
    violations: missing.map((c) => `${c.client}: ${c.mutation} ${c.commandKey} (acknowledged ${c.at})`),
    figure: `${records.acknowledged.length} acknowledged`,
  };
}
