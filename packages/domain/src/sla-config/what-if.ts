import { DomainError } from '../shared/errors.js';
import { toMillis } from '../shared/time.js';
import { SLA_METRICS, type SlaMetric } from '../shared/values.js';
import { type SlaStatus, slaStatus } from '../sla/calculator.js';
import type { SlaPolicy } from '../sla/policy.js';
import type { TicketEvent } from '../ticket/events.js';
import {
  countsTowardSlaCompliance,
  type SlaCompliance,
  sharedComplianceGoal,
  slaCompliance,
} from '../ticket/sla-compliance.js';
import {
  EMPTY_TICKET_TIMELINE,
  evolveTicketTimeline,
  governingPolicy,
  type TicketTimeline,
} from '../ticket/timeline.js';
import type { SlaConfiguration } from './state.js';

/**
 * The SLA figures of a group of tickets under one set of terms. Tickets standing closed as spam or
 * invalid count in `tickets` only ({@link countsTowardSlaCompliance}).
 */
export interface SlaFigures {
  readonly tickets: number;
  readonly compliance: Readonly<Record<SlaMetric, SlaCompliance>>;
  /** Metrics whose latest cycle reached its target. */
  readonly breaches: number;
  /** Metrics whose latest cycle reached its warning threshold. */
  readonly warnings: number;
  /** Tickets whose resolution clock reached the escalation threshold. */
  readonly escalations: number;
}

/** A group's figures as they were (the terms the tickets recorded) and under the draft. */
export interface SlaComparison {
  readonly actual: SlaFigures;
  readonly whatIf: SlaFigures;
}

/**
 * What a ticket's SLA came to under one set of terms: the metrics whose latest cycle reached its
 * target, those that reached their warning threshold, and whether the resolution clock reached the
 * escalation threshold (what the figures count).
 */
export interface SlaOutcome {
  readonly breached: readonly SlaMetric[];
  readonly warned: readonly SlaMetric[];
  readonly escalated: boolean;
}

/** A ticket's {@link SlaOutcome} from its SLA status. */
export function slaOutcomeOf(status: SlaStatus): SlaOutcome {
  return {
    breached: SLA_METRICS.filter((metric) => status.metrics[metric].breachedAt !== null),
    warned: SLA_METRICS.filter((metric) => status.metrics[metric].warnedAt !== null),
    escalated: status.escalation?.reachedAt != null,
  };
}

/**
 * Whether two outcomes of one ticket differ: a metric breached or warned under one set of terms
 * and not under the other, or an escalation under one only.
 */
export function slaOutcomesDiffer(a: SlaOutcome, b: SlaOutcome): boolean {
  return a.escalated !== b.escalated || a.breached.join() !== b.breached.join() || a.warned.join() !== b.warned.join();
}

/** A ticket whose SLA outcome the draft would have changed. */
export interface SlaWhatIfTicket {
  readonly ticketId: string;
  readonly priority: string;
  readonly category: string | null;
  readonly actual: SlaOutcome;
  readonly whatIf: SlaOutcome;
}

/** What a draft policy would have produced for the tickets opened in a period. */
export interface SlaWhatIfReport {
  readonly overall: SlaComparison;
  /**
   * The tickets whose outcome would differ under the draft ({@link slaOutcomesDiffer}), by id;
   * tickets closed as spam or invalid, which count toward no SLA figure, are never among them.
   */
  readonly changedTickets: readonly SlaWhatIfTicket[];
  readonly byPriority: Readonly<Record<string, SlaComparison>>;
  /** By category (`uncategorized` for none, as the reports name it). */
  readonly byCategory: Readonly<Record<string, SlaComparison>>;
  /** By current assignee (`unassigned` for none). */
  readonly byAgent: Readonly<Record<string, SlaComparison>>;
}

/**
 * The draft, the policy of tickets that recorded none, the period (epoch ms, `[from, to)`) and
 * the instant the replay is asked at (epoch ms), up to which the draft's clocks run.
 */
export interface SlaWhatIfInput {
  /**
   * The draft: its terms per ticket category (`draftSlaTerms`, narrowed by the category tree), or
   * one policy applied to every ticket as written.
   */
  readonly draft: SlaPolicy | ((category: string | null) => SlaPolicy);
  readonly bootstrap: SlaPolicy;
  readonly from: number;
  readonly to: number;
  readonly now: number;
  /**
   * Only the tickets this policy governs (by id, as their last recorded terms name it; the
   * bootstrap policy's id for those that recorded none): an edit of one policy, previewed on its
   * own tickets. Every ticket of the period without it.
   */
  readonly governedBy?: string;
}

/**
 * Refuses scoping a what-if to a policy no ticket can have recorded (`NOT_FOUND`): one the
 * configuration never held (a deleted one counts: closed tickets still name it), other than the
 * deployment's bootstrap policy. A typo ("premuim") would otherwise report no ticket and no impact.
 */
export function requireWhatIfScope(config: SlaConfiguration, bootstrap: SlaPolicy, policyId: string): void {
  if (policyId === bootstrap.id || config.lastVersions[`policy:${policyId}`] !== undefined) return;
  throw new DomainError('NOT_FOUND', `No SLA policy ${policyId} has governed tickets here`, { policyId });
}

/**
 * A what-if replay (docs/policies.md#what-if), folded one ticket event at a time in log order:
 * the tickets opened in the period under the terms they recorded (actual) and under the draft in
 * force from their opening (what-if: their recorded policies dropped, their facts kept). The
 * actual half is evaluated at each ticket's last event, as the tickets read model evaluates it
 * (a deadline that passed is in the log: the workflow recorded its breach). The draft's deadlines
 * are in no log, so its clocks run on to `now`: a ticket nobody answered is breached under a
 * draft whose target passed, not merely because an event happened after it. Pure: it never sees
 * a store.
 */
export class SlaWhatIf {
  readonly #input: SlaWhatIfInput;
  readonly #timelines = new Map<string, TicketTimeline>();
  readonly #lastAt = new Map<string, number>();
  /** Recorded policies by terms key: thousands of tickets share a handful of them. */
  readonly #policies = new Map<string, SlaPolicy>();

  constructor(input: SlaWhatIfInput) {
    this.#input = input;
  }

  /** Folds one ticket event; events of tickets opened outside the period are ignored. */
  apply(event: TicketEvent): void {
    const { ticketId } = event.data;
    const at = toMillis(event.data.at);
    if (event.type === 'TicketOpened' && (at < this.#input.from || at >= this.#input.to)) return;
    const timeline = event.type === 'TicketOpened' ? EMPTY_TICKET_TIMELINE : this.#timelines.get(ticketId);
    if (timeline === undefined) return;
    this.#timelines.set(ticketId, evolveTicketTimeline(timeline, this.#interned(event)));
    this.#lastAt.set(ticketId, at);
  }

  /** The figures of every ticket folded so far. */
  report(): SlaWhatIfReport {
    const groups = { overall: new Tally(), byPriority: new Map(), byCategory: new Map(), byAgent: new Map() };
    const changedTickets: SlaWhatIfTicket[] = [];
    const tally = (map: Map<string, Tally>, key: string) => {
      const found = map.get(key) ?? new Tally();
      map.set(key, found);
      return found;
    };
    for (const [ticketId, timeline] of this.#timelines) {
      const { ticket } = timeline;
      if (ticket === null) continue;
      const { governedBy, bootstrap } = this.#input;
      if (governedBy !== undefined && governingPolicy(timeline, bootstrap).id !== governedBy) continue;
      const lastAt = this.#lastAt.get(ticketId)!;
      const base = { priority: timeline.openingPriority, facts: timeline.slaFacts };
      const actual = slaStatus({ ...base, now: lastAt, policy: this.#input.bootstrap });
      const draft = typeof this.#input.draft === 'function' ? this.#input.draft(ticket.category) : this.#input.draft;
      const whatIf = slaStatus({
        ...base,
        now: Math.max(lastAt, this.#input.now),
        policy: draft,
        facts: timeline.slaFacts.filter((fact) => fact.kind !== 'policy_changed'),
      });
      const goals = {
        actual: governingPolicy(timeline, this.#input.bootstrap).complianceGoal ?? null,
        whatIf: draft.complianceGoal ?? null,
      };
      const counted = countsTowardSlaCompliance(ticket.closeReason);
      for (const group of [
        groups.overall,
        tally(groups.byPriority, ticket.priority),
        tally(groups.byCategory, ticket.category ?? 'uncategorized'),
        tally(groups.byAgent, ticket.assigneeId ?? 'unassigned'),
      ])
        group.add(actual, whatIf, goals, counted);
      const outcomes = { actual: slaOutcomeOf(actual), whatIf: slaOutcomeOf(whatIf) };
      if (counted && slaOutcomesDiffer(outcomes.actual, outcomes.whatIf))
        changedTickets.push({ ticketId, priority: ticket.priority, category: ticket.category ?? null, ...outcomes });
    }
    const done = (map: Map<string, Tally>) => Object.fromEntries([...map].map(([key, t]) => [key, t.comparison()]));
    return {
      overall: groups.overall.comparison(),
      changedTickets: changedTickets.sort((a, b) => a.ticketId.localeCompare(b.ticketId)),
      byPriority: done(groups.byPriority),
      byCategory: done(groups.byCategory),
      byAgent: done(groups.byAgent),
    };
  }

  #interned(event: TicketEvent): TicketEvent {
    if (event.type !== 'TicketSlaPolicyApplied' || event.data.policy === null) return event;
    const shared = this.#policies.get(event.data.key) ?? event.data.policy;
    this.#policies.set(event.data.key, shared);
    return { ...event, data: { ...event.data, policy: shared } };
  }
}

class Counts {
  tickets = 0;
  breaches = 0;
  warnings = 0;
  escalations = 0;
  readonly met: Record<SlaMetric, number> = { first_response: 0, next_response: 0, resolution: 0 };
  readonly breached: Record<SlaMetric, number> = { first_response: 0, next_response: 0, resolution: 0 };

  /** The compliance goals of the policies the tickets were held to. */
  readonly #goals = new Set<number | null>();

  add(status: SlaStatus, goal: number | null, counted: boolean): void {
    this.tickets++;
    this.#goals.add(goal);
    if (!counted) return;
    for (const metric of SLA_METRICS) {
      const { state, warnedAt, breachedAt } = status.metrics[metric];
      if (state === 'met') this.met[metric]++;
      if (state === 'breached') this.breached[metric]++;
      if (breachedAt !== null) this.breaches++;
      if (warnedAt !== null) this.warnings++;
    }
    if (status.escalation?.reachedAt != null) this.escalations++;
  }

  figures(): SlaFigures {
    const goal = sharedComplianceGoal([...this.#goals]);
    const compliance = Object.fromEntries(
      SLA_METRICS.map((metric) => {
        return [metric, slaCompliance(this.met[metric], this.breached[metric], goal)];
      }),
    ) as Record<SlaMetric, SlaCompliance>;
    const { tickets, breaches, warnings, escalations } = this;
    return { tickets, compliance, breaches, warnings, escalations };
  }
}

class Tally {
  readonly #actual = new Counts();
  readonly #whatIf = new Counts();

  add(
    actual: SlaStatus,
    whatIf: SlaStatus,
    goals: { actual: number | null; whatIf: number | null },
    counted: boolean,
  ): void {
    this.#actual.add(actual, goals.actual, counted);
    this.#whatIf.add(whatIf, goals.whatIf, counted);
  }

  comparison(): SlaComparison {
    return { actual: this.#actual.figures(), whatIf: this.#whatIf.figures() };
  }
}
