import { type Instant, toInstant, toMillis } from '../shared/time.js';
import type { NextTimer } from '../shared/timers.js';
import { SLA_METRICS, type SlaMetric } from '../shared/values.js';
import { nextSlaDeadline, type SlaInput, type SlaStatus, slaStatus } from '../sla/calculator.js';
import type { SlaPolicy } from '../sla/policy.js';
import { callbackTimers } from './callbacks.js';
import type { TicketCommand } from './commands.js';
import { type DueAutomation, nextAutomation } from './reminders.js';
import { escalationForBreach, escalationPastThreshold } from './sla-escalation.js';
import type { SlaMark, Ticket } from './state.js';
import { governingPolicy, type TicketTimeline, ticketSlaInput } from './timeline.js';
import { effectiveTimings, type TicketTimings } from './timings.js';
import { customerUpdateDueAt } from './urgent-updates.js';

/**
 * The purpose prefix of the timer that flags an urgent ticket's customer update as due; the full
 * purpose names the due time (`customer-update-due@<dueAt>`), which only a reply or a priority
 * change moves.
 */
export const CUSTOMER_UPDATE_TIMER = 'customer-update-due';

/** A command a ticket timer issues now; `purpose` names the timer and its period or cycle. */
export interface TicketDuty {
  readonly purpose: string;
  readonly command: TicketCommand;
  /** Issued next, only if `command` recorded events (escalate a breach once it is recorded). */
  readonly onRecorded?: TicketDuty;
}

/** What the ticket's automation must do at `nowMs`, and when to look again. */
export interface TicketDuties {
  /** Timers due now and not fired yet. */
  readonly due: readonly TicketDuty[];
  /** The earliest future timer, or null when nothing is scheduled. */
  readonly next: NextTimer | null;
  /** The SLA clocks at `nowMs`; null before the ticket is opened. */
  readonly sla: SlaStatus | null;
  /** The next reminder or auto-close the ticket's status schedules (due or not), or null when none is. */
  readonly automation: DueAutomation | null;
}

/**
 * What a ticket's workflow reports when asked for its clocks: the SLA status and the next reminder
 * or auto-close (`automation`; absent from workers older than the field).
 */
export type TicketSlaReport = SlaStatus & { readonly automation?: DueAutomation | null };

/**
 * The deployment's choices the duties depend on: the reminder/auto-close delays and the SLA
 * policy, for tickets whose recorded SLA terms (`TicketSlaPolicyApplied`) do not replace them.
 */
export interface TicketDutySettings {
  readonly timings: TicketTimings;
  readonly slaPolicy: SlaPolicy;
  /** {@link SlaInput.reopenOwesAnswer}: `false` for a workflow replaying a history written before that rule. */
  readonly reopenOwesAnswer?: boolean;
}

/** A duty and the instant (epoch milliseconds) it falls due. */
interface Scheduled {
  readonly duty: TicketDuty;
  readonly at: number;
}

/**
 * What the ticket's automation must do at `nowMs`: the reminder/auto-close schedule
 * (`nextAutomation`), the SLA warnings and breaches (`slaStatus`), the SLA escalations, and the
 * customer update an urgent ticket owes (`customerUpdateDueAt`), and the callbacks
 * (`callbackTimers`: booking a critical incident's, alerting when one is due, a miss). A
 * timer is due once its instant is reached, and fires once per purpose: `hasFired` tells which
 * already did, so a fired timer waits for the state to move on (a new period or cycle).
 */
export function ticketDuties(
  timeline: TicketTimeline,
  settings: TicketDutySettings,
  hasFired: (purpose: string) => boolean,
  nowMs: number,
): TicketDuties {
  const { ticket } = timeline;
  if (ticket === null) return { due: [], next: null, sla: null, automation: null };
  const input: SlaInput = {
    ...ticketSlaInput(timeline, settings.slaPolicy, nowMs),
    ...(settings.reopenOwesAnswer === false ? { reopenOwesAnswer: false } : {}),
  };
  const sla = slaStatus(input);
  const automation = nextAutomation(ticket, effectiveTimings(settings.timings, ticket.sla?.timings));
  const timers = [
    ...(automation === null ? [] : [automationTimer(ticket, automation)]),
    ...slaTimers(ticket, input, sla),
    ...customerUpdateTimer(ticket),
    ...callbackTimers(ticket, governingPolicy(timeline, settings.slaPolicy)).map(
      ({ purpose, at, command, onRecorded }) => ({
        duty: { purpose, command, ...(onRecorded === undefined ? {} : { onRecorded }) },
        at,
      }),
    ),
  ].filter(({ duty }) => !hasFired(duty.purpose));

  const due = timers.filter(({ at }) => at <= nowMs).map(({ duty }) => duty);
  const upcoming: NextTimer[] = timers
    .filter(({ at }) => at > nowMs)
    .map(({ duty, at }) => ({ purpose: duty.purpose, at }));
  const deadline = nextSlaDeadline(sla);
  if (deadline !== null) upcoming.push({ purpose: `sla-${deadline.kind}-${deadline.metric}`, at: deadline.at });
  const next = upcoming.reduce<NextTimer | null>(
    (earliest, t) => (earliest && earliest.at <= t.at ? earliest : t),
    null,
  );
  return { due, next, sla, automation };
}

/** The reminder or auto-close the schedule calls for, named after the status period it belongs to. */
function automationTimer(ticket: Ticket, automation: DueAutomation): Scheduled {
  const { ticketId, waitingSince, statusSince } = ticket;
  const duty: TicketDuty =
    automation.kind === 'reminder'
      ? {
          purpose: `reminder-${automation.n}@${waitingSince}`,
          command: {
            type: 'SendReminder',
            data: { ticketId, n: automation.n, periodStart: waitingSince ?? undefined },
          },
        }
      : {
          purpose: `auto-close-${automation.reason}@${statusSince}`,
          command: { type: 'AutoClose', data: { ticketId, reason: automation.reason, periodStart: statusSince } },
        };
  return { duty, at: toMillis(automation.dueAt) };
}

/**
 * The SLA thresholds reached, named after their metric's cycle: per metric its warning and its
 * breach (each unless the ticket already recorded that deadline), then the escalation threshold.
 */
function slaTimers(ticket: Ticket, input: SlaInput, sla: SlaStatus): Scheduled[] {
  const { ticketId } = ticket;
  const timers: Scheduled[] = [];
  for (const metric of SLA_METRICS) {
    const { cycle, warnedAt, breachedAt } = sla.metrics[metric];
    if (warnedAt !== null) {
      const dueAt = warningDueAt(input, metric, warnedAt);
      if (!isMarked(ticket.slaWarnings, metric, dueAt)) {
        const command: TicketCommand = { type: 'RecordSlaWarning', data: { ticketId, metric, dueAt } };
        timers.push({ duty: { purpose: `sla-warning-${metric}#${cycle}`, command }, at: warnedAt });
      }
    }
    if (breachedAt !== null && !isMarked(ticket.slaBreaches, metric, toInstant(breachedAt))) {
      const command: TicketCommand = {
        type: 'RecordSlaBreach',
        data: { ticketId, metric, dueAt: toInstant(breachedAt) },
      };
      const onRecorded = {
        purpose: `sla-escalation-${metric}#${cycle}`,
        command: escalationForBreach(ticketId, metric),
      };
      timers.push({ duty: { purpose: `sla-breach-${metric}#${cycle}`, command, onRecorded }, at: breachedAt });
    }
  }
  const reachedAt = sla.escalation?.reachedAt ?? null;
  if (reachedAt !== null) {
    const purpose = `sla-escalation-threshold#${sla.metrics.resolution.cycle}`;
    timers.push({ duty: { purpose, command: escalationPastThreshold(ticketId) }, at: reachedAt });
  }
  return timers;
}

/**
 * The flag of an urgent ticket's overdue customer update, unless that due time was already
 * flagged: the domain keeps reporting it until the team replies, and it must not fire again.
 */
function customerUpdateTimer(ticket: Ticket): Scheduled[] {
  const dueAt = customerUpdateDueAt(ticket);
  if (dueAt === null || ticket.customerUpdateFlaggedAt === dueAt) return [];
  const command: TicketCommand = { type: 'FlagCustomerUpdateDue', data: { ticketId: ticket.ticketId, dueAt } };
  return [{ duty: { purpose: `${CUSTOMER_UPDATE_TIMER}@${dueAt}`, command }, at: toMillis(dueAt) }];
}

/**
 * The deadline a warning reports: the breach instant as the calculator projected it when the
 * warning was reached, so the same warning always carries the same `dueAt`.
 */
function warningDueAt(input: SlaInput, metric: SlaMetric, warnedAt: number): Instant {
  const atWarning = slaStatus({ ...input, now: warnedAt }).metrics[metric];
  return toInstant(atWarning.breachAt ?? atWarning.breachedAt ?? warnedAt);
}

function isMarked(marks: readonly SlaMark[], metric: SlaMetric, dueAt: Instant): boolean {
  return marks.some((mark) => mark.metric === metric && mark.dueAt === dueAt);
}
