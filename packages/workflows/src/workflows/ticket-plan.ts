import {
  escalationForBreach,
  escalationPastThreshold,
  nextAutomation,
  nextSlaDeadline,
  SLA_METRICS,
  type SlaInput,
  type SlaMark,
  type SlaMetricId,
  type SlaStatus,
  slaStatus,
  type TicketCommand,
  type TicketTimeline,
  toInstant,
} from '@support-engine/domain';
import type { NextTimer, TicketWorkflowSettings } from '../contract.js';

/** A command a ticket timer issues now; `purpose` names the timer and its period or cycle. */
export interface TicketDuty {
  readonly purpose: string;
  readonly command: TicketCommand;
  /** Issued next, only if `command` recorded events (escalate a breach once it is recorded). */
  readonly onRecorded?: TicketDuty;
}

/** What the ticket workflow must do at `nowMs`, and when to look again. */
export interface TicketPlan {
  /** Timers due now and not fired yet. */
  readonly due: readonly TicketDuty[];
  /** The earliest future timer, or null when nothing is scheduled. */
  readonly next: NextTimer | null;
  /** The SLA clocks at `nowMs`; null before the ticket is opened. */
  readonly sla: SlaStatus | null;
}

/**
 * Asks the domain what is due for the ticket: the reminder/auto-close schedule
 * (`nextAutomation`) and the SLA thresholds (`slaStatus`, `nextSlaDeadline`). Holds no rule of
 * its own: it only turns reached instants into the domain's commands, once per timer purpose.
 */
export function planTicket(
  fold: TicketTimeline,
  settings: TicketWorkflowSettings,
  hasFired: (purpose: string) => boolean,
  nowMs: number,
): TicketPlan {
  const { ticket } = fold;
  if (ticket === null) return { due: [], next: null, sla: null };
  const due: TicketDuty[] = [];
  const upcoming: NextTimer[] = [];

  const automation = nextAutomation(ticket, settings.timings);
  if (automation !== null) {
    const timer =
      automation.kind === 'reminder'
        ? {
            purpose: `reminder-${automation.n}@${ticket.waitingSince}`,
            command: {
              type: 'SendReminder',
              data: { ticketId: ticket.ticketId, n: automation.n, periodStart: ticket.waitingSince ?? undefined },
            } satisfies TicketCommand,
          }
        : {
            purpose: `auto-close-${automation.reason}@${ticket.statusSince}`,
            command: {
              type: 'AutoClose',
              data: { ticketId: ticket.ticketId, reason: automation.reason, periodStart: ticket.statusSince },
            } satisfies TicketCommand,
          };
    schedule(timer, Date.parse(automation.dueAt));
  }

  const input: SlaInput = {
    policy: settings.slaPolicy,
    priority: fold.openingPriority,
    category: ticket.category ?? undefined,
    facts: fold.slaFacts,
    now: nowMs,
  };
  const sla = slaStatus(input);
  for (const metric of SLA_METRICS) {
    const { cycle, warnedAt, breachedAt } = sla.metrics[metric];
    if (warnedAt !== null) {
      const dueAt = warningDueAt(input, metric, warnedAt);
      if (!isMarked(ticket.slaWarnings, metric, dueAt)) {
        schedule(
          {
            purpose: `sla-warning-${metric}#${cycle}`,
            command: { type: 'RecordSlaWarning', data: { ticketId: ticket.ticketId, metric, dueAt } },
          },
          warnedAt,
        );
      }
    }
    if (breachedAt !== null && !isMarked(ticket.slaBreaches, metric, toInstant(breachedAt))) {
      schedule(
        {
          purpose: `sla-breach-${metric}#${cycle}`,
          command: {
            type: 'RecordSlaBreach',
            data: { ticketId: ticket.ticketId, metric, dueAt: toInstant(breachedAt) },
          },
          onRecorded: {
            purpose: `sla-escalation-${metric}#${cycle}`,
            command: escalationForBreach(ticket.ticketId, metric),
          },
        },
        breachedAt,
      );
    }
  }
  if (sla.escalation?.reachedAt != null) {
    schedule(
      {
        purpose: `sla-escalation-threshold#${sla.metrics.resolution.cycle}`,
        command: escalationPastThreshold(ticket.ticketId),
      },
      sla.escalation.reachedAt,
    );
  }
  const deadline = nextSlaDeadline(sla);
  if (deadline !== null) upcoming.push({ purpose: `sla-${deadline.kind}-${deadline.metric}`, at: deadline.at });

  const next = upcoming.reduce<NextTimer | null>(
    (earliest, t) => (earliest && earliest.at <= t.at ? earliest : t),
    null,
  );
  return { due, next, sla };

  // A timer already fired waits for the state to move on (a new period or cycle) instead of firing again.
  function schedule(duty: TicketDuty, atMs: number): void {
    if (hasFired(duty.purpose)) return;
    if (atMs <= nowMs) due.push(duty);
    else upcoming.push({ purpose: duty.purpose, at: atMs });
  }
}

/**
 * The deadline a warning reports: the breach instant as the calculator projected it when the
 * warning was reached, so the same warning always carries the same `dueAt`.
 */
function warningDueAt(input: SlaInput, metric: SlaMetricId, warnedAt: number): string {
  const atWarning = slaStatus({ ...input, now: warnedAt }).metrics[metric];
  return toInstant(atWarning.breachAt ?? atWarning.breachedAt ?? warnedAt);
}

function isMarked(marks: readonly SlaMark[], metric: SlaMetricId, dueAt: string): boolean {
  return marks.some((mark) => mark.metric === metric && mark.dueAt === dueAt);
}
