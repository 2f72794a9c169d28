import type { ChaosRecords, LoggedEvent } from './records.js';
import { type CheckResult, quantile } from './result.js';

/** How long after its due time a timer may still be on its way before it counts as missed. */
export const TIMER_GRACE_MS = 60_000;

/** A timer that fired: when it was due and how late it was recorded. */
export interface FiredTimer {
  readonly what: string;
  readonly dueMs: number;
  readonly lateMs: number;
}

/** A ticket's stay in `waiting_customer`, from the status change to the next one (or none yet). */
interface WaitingPeriod {
  readonly streamId: string;
  readonly since: number;
  end: number | null;
  endedBy: string | null;
  readonly reminders: Map<number, LoggedEvent>;
}

const ms = (instant: unknown) => Date.parse(String(instant));

function waitingPeriods(events: readonly LoggedEvent[]): WaitingPeriod[] {
  const open = new Map<string, WaitingPeriod>();
  const periods: WaitingPeriod[] = [];
  for (const event of events) {
    const current = open.get(event.streamId);
    if (event.type === 'TicketStatusChanged' || event.type === 'TicketAutoClosed') {
      if (current) {
        current.end = ms(event.recordedAt);
        current.endedBy = event.type;
        open.delete(event.streamId);
      }
      if (event.type === 'TicketStatusChanged' && event.data.to === 'waiting_customer') {
        const period: WaitingPeriod = {
          streamId: event.streamId,
          since: ms(event.recordedAt),
          end: null,
          endedBy: null,
          reminders: new Map(),
        };
        open.set(event.streamId, period);
        periods.push(period);
      }
    } else if (event.type === 'TicketReminderSent' && current) {
      current.reminders.set(Number(event.data.n), event);
    }
  }
  return periods;
}

/**
 * The waiting-customer clocks (two reminders, then the auto-close) and the SLA breaches: every
 * timer due more than {@link TIMER_GRACE_MS} before the records were read fired, and how late
 * each fired timer was, its 99th percentile taken over those due after the last fault ended.
 */
export function checkTimers(
  records: Pick<ChaosRecords, 'events' | 'timings' | 'faultsEndedAt' | 'readAt'>,
): CheckResult & { fired: FiredTimer[] } {
  const readAt = ms(records.readAt);
  const { firstReminderMs, secondReminderMs, autoCloseMs } = records.timings;
  const fired: FiredTimer[] = [];
  const missed: string[] = [];
  for (const period of waitingPeriods(records.events)) {
    const until = period.end ?? readAt;
    for (const [n, delay] of [
      [1, firstReminderMs],
      [2, secondReminderMs],
    ] as const) {
      const due = period.since + delay;
      const reminder = period.reminders.get(n);
      if (reminder)
        fired.push({ what: `${period.streamId} reminder ${n}`, dueMs: due, lateMs: ms(reminder.recordedAt) - due });
      else if (due + TIMER_GRACE_MS < until && period.endedBy !== 'TicketStatusChanged')
        missed.push(`${period.streamId}: reminder ${n} due ${new Date(due).toISOString()} never sent`);
    }
    const closeDue = period.since + autoCloseMs;
    if (period.endedBy === 'TicketAutoClosed')
      fired.push({ what: `${period.streamId} auto-close`, dueMs: closeDue, lateMs: until - closeDue });
    else if (period.end === null && closeDue + TIMER_GRACE_MS < readAt)
      missed.push(`${period.streamId}: auto-close due ${new Date(closeDue).toISOString()} never happened`);
  }
  for (const event of records.events)
    if (event.type === 'TicketSlaBreached') {
      const due = ms(event.data.dueAt);
      fired.push({
        what: `${event.streamId} ${String(event.data.metric)} breach`,
        dueMs: due,
        lateMs: ms(event.recordedAt) - due,
      });
    }
  const calm = fired.filter((timer) => timer.dueMs >= ms(records.faultsEndedAt)).map((timer) => timer.lateMs);
  const p99 = quantile(calm, 0.99);
  const max = quantile(
    fired.map((timer) => timer.lateMs),
    1,
  );
  return {
    check: 'due timers never fired',
    violations: missed,
    figure: `${fired.length} fired; late p99 after the faults ${p99 === null ? 'n/a' : `${p99} ms`} (${calm.length}), max under faults ${max === null ? 'n/a' : `${max} ms`}`,
    fired,
  };
}
