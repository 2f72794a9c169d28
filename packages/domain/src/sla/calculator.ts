import { MINUTE_MS } from '../shared/time.js';
import { SLA_METRICS } from '../shared/values.js';
import { isResolvedOrClosed } from '../ticket/lifecycle.js';
import { addBusinessTime, businessTimeBetween } from './calendar.js';
import {
  completeCycle,
  IDLE_CLOCK,
  projectedAt,
  resumeCycle,
  retarget,
  runClock,
  type SlaClock,
  type SlaThresholdKind,
  type SlaThresholds,
  startCycle,
} from './clock.js';
import type { SlaFact, SlaTicketStatus } from './facts.js';
import { calendarFor, type SlaMetricId, type SlaPolicy, type SlaPriority, targetsFor } from './policy.js';

/**
 * Where a metric stands:
 * - `not_started`: no cycle yet (next response before any customer message awaiting an agent);
 * - `running`: counting business time, target not reached;
 * - `paused`: open but not counting (`waiting_customer`, or a message on a resolved ticket not yet
 *   reopened), target not reached;
 * - `met`: completed before its target;
 * - `breached`: the target was reached; `completedAt` tells whether it has since been met late.
 */
export type SlaClockState = 'not_started' | 'running' | 'paused' | 'met' | 'breached';

/** One metric of a ticket at `now`. Instants are epoch milliseconds (UTC). */
export interface SlaMetricStatus {
  readonly metric: SlaMetricId;
  readonly state: SlaClockState;
  /** 1-based number of the cycle reported (next response counts its cycles); 0 when not started. */
  readonly cycle: number;
  readonly elapsedBusinessMs: number;
  readonly targetMs: number;
  readonly remainingBusinessMs: number;
  /** When the warning will be due if the clock keeps running; only while `running` and not yet warned. */
  readonly warningAt: number | null;
  /** When the target will be breached if the clock keeps running; only while `running`. */
  readonly breachAt: number | null;
  /** When this cycle reached its warning threshold, if it did. */
  readonly warnedAt: number | null;
  /** When this cycle reached its target, if it did. */
  readonly breachedAt: number | null;
  /** When this cycle was completed (reply, resolution); null while open or not started. */
  readonly completedAt: number | null;
}

/** The policy's escalation threshold, measured on the resolution clock. */
export interface SlaEscalationStatus {
  readonly thresholdMs: number;
  readonly reachedAt: number | null;
  /** When it will be reached if the resolution clock keeps running; null when reached or not counting. */
  readonly dueAt: number | null;
}

/** Every SLA metric of one ticket at `now`. */
export interface SlaStatus {
  readonly now: number;
  /** The ticket's status at `now` as the facts tell it; null before it was opened. */
  readonly status: SlaTicketStatus | null;
  /** The id of the policy in force at `now`. */
  readonly policyId: string;
  readonly priority: SlaPriority;
  readonly metrics: Readonly<Record<SlaMetricId, SlaMetricStatus>>;
  readonly escalation: SlaEscalationStatus | null;
}

/** What {@link slaStatus} needs: the policy, the ticket's opening priority and category, its timeline. */
export interface SlaInput {
  /** The policy at opening (the deployment's); `policy_changed` facts replace it afterwards, or hand the ticket back to it. */
  readonly policy: SlaPolicy;
  /** Priority when the ticket was opened; `priority_changed` facts change it afterwards. */
  readonly priority: SlaPriority;
  /** Category when the ticket was opened, unless its `opened` fact names one; `category_changed` facts change it. */
  readonly category?: string;
  readonly facts: readonly SlaFact[];
  /** Epoch ms; facts after it are ignored. */
  readonly now: number;
  /**
   * Whether a reopen resumes the response clocks the close completed without a reply (the
   * default); `false` is the rule of earlier versions, which resumed resolution only (for
   * workflows replaying histories those versions wrote).
   */
  readonly reopenOwesAnswer?: boolean;
}

interface Timeline {
  readonly status: SlaTicketStatus;
  readonly policy: SlaPolicy;
  readonly priority: SlaPriority;
  readonly category: string | undefined;
  readonly clocks: Readonly<Record<SlaMetricId, SlaClock>>;
  /** The response clocks the ticket's close completed with no reply: a reopen owes that answer still. */
  readonly owedOnReopen: readonly SlaMetricId[];
}

const RESPONSE_METRICS = ['first_response', 'next_response'] as const;

const COUNTING: ReadonlySet<SlaTicketStatus> = new Set(['new', 'in_progress']);

/**
 * The SLA status of a ticket at `now`, replaying its timeline (docs/domain.md#sla-clocks). Rules,
 * after Zendesk where the support team's rules say nothing:
 * - first response runs from `opened` to the first public agent reply;
 * - next response starts at a customer message once the first response is done and no next
 *   response is pending, and runs to the next public agent reply;
 * - resolution runs from `opened` to `resolved`/`closed`; a reopen (leaving `resolved`/`closed`)
 *   resumes it and the elapsed time keeps accumulating, as Zendesk's full resolution time does;
 * - clocks count only business time, only in `new`/`in_progress`: `waiting_customer` pauses them;
 * - entering `resolved`/`closed` completes every open clock, so solving a ticket without a reply
 *   fulfils the pending response (as Zendesk fulfils all metrics on solve);
 * - a priority, category or policy change re-targets every unfinished clock at once, keeping the
 *   time elapsed; a breach or warning reached stays reached even if the target grows afterwards.
 *   The clocks count in the calendar of the policy and priority in force.
 */
export function slaStatus(input: SlaInput): SlaStatus {
  const { now } = input;
  const facts = input.facts.filter((fact) => fact.at <= now).sort((a, b) => a.at - b.at);
  const openedIndex = facts.findIndex((fact) => fact.kind === 'opened');
  const opened = facts[openedIndex];
  const start = notOpened(input.policy, input.priority, input.category);
  if (opened?.kind !== 'opened') return report(null, retargetAll(start, now), now);

  let timeline = openTimeline({ ...start, category: opened.category ?? start.category }, opened.at);
  let since = opened.at;
  const owes = input.reopenOwesAnswer ?? true;
  for (const fact of facts.slice(openedIndex + 1)) {
    timeline = retargetAll(applyFact(runClocks(timeline, since, fact.at), fact, input.policy, owes), fact.at);
    since = fact.at;
  }
  return report(timeline.status, runClocks(timeline, since, now), now);
}

/** When the first response is due for a ticket opened at `openedAt` (epoch ms), if nothing pauses it. */
export function firstResponseDue(ticket: {
  readonly policy: SlaPolicy;
  readonly priority: SlaPriority;
  readonly category?: string;
  readonly openedAt: number;
}): number {
  const { policy, priority, category, openedAt } = ticket;
  return addBusinessTime(
    calendarFor(policy, priority),
    openedAt,
    targetsFor(policy, priority, category).first_response,
  );
}

/** The next SLA instant to act on: what a timer should sleep until. */
export interface SlaDeadline {
  readonly metric: SlaMetricId;
  readonly kind: SlaThresholdKind;
  readonly cycle: number;
  readonly at: number;
}

/**
 * When the first running clock breaches its target if nothing stops it first, or null when none
 * runs. Past that instant the ticket is breached, whether or not the automation recorded it yet.
 */
export function nextSlaBreachAt(status: SlaStatus): number | null {
  const breaches = SLA_METRICS.flatMap((metric) => {
    const { breachAt } = status.metrics[metric];
    return breachAt === null ? [] : [breachAt];
  });
  return breaches.length === 0 ? null : Math.min(...breaches);
}

/**
 * The earliest upcoming warning, breach or escalation of a status, or null when no clock is
 * running. Recompute the status at that instant: the threshold is then reached and recorded.
 */
export function nextSlaDeadline(status: SlaStatus): SlaDeadline | null {
  const { resolution } = status.metrics;
  const candidates: SlaDeadline[] = SLA_METRICS.flatMap((metric) => {
    const { warningAt, breachAt, cycle } = status.metrics[metric];
    return [
      ...(warningAt === null ? [] : [{ metric, kind: 'warning' as const, cycle, at: warningAt }]),
      ...(breachAt === null ? [] : [{ metric, kind: 'breach' as const, cycle, at: breachAt }]),
    ];
  });
  const escalationAt = status.escalation?.dueAt ?? null;
  if (escalationAt !== null) {
    candidates.push({ metric: 'resolution', kind: 'escalation', cycle: resolution.cycle, at: escalationAt });
  }
  return candidates.reduce<SlaDeadline | null>((earliest, c) => (earliest && earliest.at <= c.at ? earliest : c), null);
}

function notOpened(policy: SlaPolicy, priority: SlaPriority, category: string | undefined): Timeline {
  return {
    status: 'new',
    policy,
    priority,
    category,
    clocks: { first_response: IDLE_CLOCK, next_response: IDLE_CLOCK, resolution: IDLE_CLOCK },
    owedOnReopen: [],
  };
}

function openTimeline(timeline: Timeline, at: number): Timeline {
  const idle = retargetAll(timeline, at);
  const { first_response, resolution } = idle.clocks;
  return {
    ...idle,
    clocks: { ...idle.clocks, first_response: startCycle(first_response), resolution: startCycle(resolution) },
  };
}

/**
 * What one fact does to the clocks (time passing is {@link runClocks}'s business): the timeline
 * after `fact`; `deployment` is the policy a `policy_changed` to none hands the
 * ticket back to; `owes`: whether a close leaves the answers it gave none owed on reopen.
 */
function applyFact(timeline: Timeline, fact: SlaFact, deployment: SlaPolicy, owes: boolean): Timeline {
  const { first_response, next_response } = timeline.clocks;
  switch (fact.kind) {
    case 'opened':
      return timeline;
    case 'agent_replied':
      // At most one of the two is open: next response only starts once the first one is done.
      return withClocks(timeline, {
        first_response: completeCycle(first_response, fact.at),
        next_response: completeCycle(next_response, fact.at),
      });
    case 'customer_messaged': {
      // A closed ticket the customer writes to stays closed only when it was spam: no clock runs.
      if (timeline.status === 'closed') return timeline;
      // A message on a ticket whose close left an answer owed starts nothing: the owed clock
      // resumes at the reopen, and the reply it waits for answers this message too.
      const awaitsAgent = !first_response.open && !next_response.open && timeline.owedOnReopen.length === 0;
      return awaitsAgent ? withClocks(timeline, { next_response: startCycle(next_response) }) : timeline;
    }
    case 'priority_changed':
      return { ...timeline, priority: fact.priority };
    case 'category_changed':
      return { ...timeline, category: fact.category ?? undefined };
    case 'policy_changed':
      return { ...timeline, policy: fact.policy ?? deployment };
    case 'status_changed':
      return changeStatus(timeline, fact.to, fact.at, owes);
  }
}

function changeStatus(timeline: Timeline, to: SlaTicketStatus, at: number, owes: boolean): Timeline {
  const moved = { ...timeline, status: to };
  const { clocks } = timeline;
  const wasTerminal = isResolvedOrClosed(timeline.status);
  if (isResolvedOrClosed(to)) {
    // Resolved then closed: the answer the resolution left owed is still owed.
    const owedOnReopen = wasTerminal ? timeline.owedOnReopen : RESPONSE_METRICS.filter((m) => owes && clocks[m].open);
    return withClocks(
      { ...moved, owedOnReopen },
      {
        first_response: completeCycle(clocks.first_response, at),
        next_response: completeCycle(clocks.next_response, at),
        resolution: completeCycle(clocks.resolution, at),
      },
    );
  }
  if (!wasTerminal) return moved;
  const resumed = Object.fromEntries(timeline.owedOnReopen.map((m) => [m, resumeCycle(clocks[m])]));
  return withClocks({ ...moved, owedOnReopen: [] }, { ...resumed, resolution: resumeCycle(clocks.resolution) });
}

/** Lets business time in `[fromMs, toMs)` run on every counting clock. */
function runClocks(timeline: Timeline, fromMs: number, toMs: number): Timeline {
  if (toMs <= fromMs || !COUNTING.has(timeline.status)) return timeline;
  const calendar = calendarFor(timeline.policy, timeline.priority);
  const businessMs = businessTimeBetween(calendar, fromMs, toMs);
  const run = (clock: SlaClock) => (clock.open ? runClock(clock, calendar, fromMs, businessMs) : clock);
  const { first_response, next_response, resolution } = timeline.clocks;
  return withClocks(timeline, {
    first_response: run(first_response),
    next_response: run(next_response),
    resolution: run(resolution),
  });
}

function retargetAll(timeline: Timeline, at: number): Timeline {
  const thresholds = thresholdsFor(timeline.policy, timeline.priority, timeline.category);
  const { first_response, next_response, resolution } = timeline.clocks;
  return withClocks(timeline, {
    first_response: retarget(first_response, thresholds.first_response, at),
    next_response: retarget(next_response, thresholds.next_response, at),
    resolution: retarget(resolution, thresholds.resolution, at),
  });
}

function withClocks(timeline: Timeline, clocks: Partial<Record<SlaMetricId, SlaClock>>): Timeline {
  return { ...timeline, clocks: { ...timeline.clocks, ...clocks } };
}

/**
 * The thresholds of each metric: the warning at `warnAtFraction` of the target (rounded down to
 * the millisecond), the target, and for resolution the policy's escalation threshold.
 */
function thresholdsFor(
  policy: SlaPolicy,
  priority: SlaPriority,
  category: string | undefined,
): Record<SlaMetricId, SlaThresholds> {
  const targets = targetsFor(policy, priority, category);
  const of = (target: number): SlaThresholds => ({
    warning: Math.floor(target * policy.warnAtFraction),
    breach: target,
  });
  const escalation = policy.escalationThresholdMinutes;
  return {
    first_response: of(targets.first_response),
    next_response: of(targets.next_response),
    resolution:
      escalation === undefined
        ? of(targets.resolution)
        : { ...of(targets.resolution), escalation: escalation * MINUTE_MS },
  };
}

function report(status: SlaTicketStatus | null, timeline: Timeline, now: number): SlaStatus {
  const counting = status !== null && COUNTING.has(status);
  const calendar = calendarFor(timeline.policy, timeline.priority);
  const metricStatus = (metric: SlaMetricId): SlaMetricStatus => {
    const clock = timeline.clocks[metric];
    const targetMs = clock.thresholds.breach ?? 0;
    const state = stateOf(clock, counting);
    const project = (kind: SlaThresholdKind) => (state === 'running' ? projectedAt(clock, calendar, now, kind) : null);
    return {
      metric,
      state,
      cycle: clock.cycle,
      elapsedBusinessMs: clock.elapsedMs,
      targetMs,
      remainingBusinessMs: Math.max(0, targetMs - clock.elapsedMs),
      warningAt: project('warning'),
      breachAt: project('breach'),
      warnedAt: clock.reachedAt.warning ?? null,
      breachedAt: clock.reachedAt.breach ?? null,
      completedAt: clock.completedAt,
    };
  };
  const resolution = timeline.clocks.resolution;
  const escalationMs = resolution.thresholds.escalation;
  return {
    now,
    status,
    policyId: timeline.policy.id,
    priority: timeline.priority,
    metrics: {
      first_response: metricStatus('first_response'),
      next_response: metricStatus('next_response'),
      resolution: metricStatus('resolution'),
    },
    escalation:
      escalationMs === undefined
        ? null
        : {
            thresholdMs: escalationMs,
            reachedAt: resolution.reachedAt.escalation ?? null,
            dueAt: counting && resolution.open ? projectedAt(resolution, calendar, now, 'escalation') : null,
          },
  };
}

function stateOf(clock: SlaClock, counting: boolean): SlaClockState {
  if (clock.cycle === 0) return 'not_started';
  if (clock.reachedAt.breach !== undefined) return 'breached';
  if (!clock.open) return 'met';
  return counting ? 'running' : 'paused';
}
