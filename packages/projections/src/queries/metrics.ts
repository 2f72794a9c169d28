import { SLA_METRICS, TicketPriority } from '@support-engine/domain';
import type { SlaMetricId } from '@support-engine/domain/sla';
import {
  MAX_TIER,
  type SlaCompliance,
  sharedComplianceGoal,
  slaCompliance,
  TicketChannel,
} from '@support-engine/domain/ticket';
import type { Kysely } from 'kysely';
import { type Figures, noFigures } from '../read-models/tickets/report-rollup.js';
import type { ReadModelTables } from '../schema.js';
import { figure, figuresByKey, medianOf } from './report-figures.js';

/** Met and breached counts of one SLA metric, its rate, and the goal it is held to. */
export type Compliance = SlaCompliance;

/** The compliance of each SLA metric. */
export type SlaMetricCompliance = Readonly<Record<SlaMetricId, Compliance>>;

/** The share `count` / `of` of some tickets; `rate` is `null` when `of` is 0. */
export interface Share {
  readonly count: number;
  readonly of: number;
  readonly rate: number | null;
}

/** The tickets that reached a tier, and those of them escalated beyond it. */
export interface TierEscalation extends Share {
  readonly tier: number;
}

/** A duration statistic over the items that have one. */
export interface DurationStats {
  readonly count: number;
  readonly averageMs: number | null;
  readonly medianMs: number | null;
}

/** The report figures of one group of tickets. */
export interface MetricsGroup {
  readonly tickets: number;
  /**
   * Medians of ticket durations come from the report rollup's histograms (see
   * `duration-histogram.ts`): exact when each middle duration has its bucket to itself, else
   * estimated within that bucket; counts and averages are exact.
   */
  readonly firstResponse: DurationStats;
  readonly resolution: DurationStats;
  readonly slaCompliance: SlaMetricCompliance;
  /** Resolved tickets by resolution time: under 1 h, 1-4 h, 4-24 h, 24 h and more. */
  readonly resolutionDistribution: {
    readonly under1h: number;
    readonly from1hTo4h: number;
    readonly from4hTo24h: number;
    readonly over24h: number;
  };
  readonly csat: { readonly count: number; readonly average: number | null };
  /** Of the resolved tickets, those resolved with exactly one public staff reply and never reopened. */
  readonly firstContactResolution: Share;
  /** Of the tickets resolved at least once, those reopened. */
  readonly reopens: Share;
  /** Of all the tickets, those escalated at least once (a tier up, or past the top tier). */
  readonly escalation: Share;
  /**
   * Per tier (1 to the top one): of the tickets that reached it, those escalated beyond it (to
   * the next tier, or to the supervisors from the top one).
   */
  readonly escalationByTier: readonly TierEscalation[];
}

/** The breakdowns of a ticket report besides the overall figures. */
export const METRICS_DIMENSIONS = ['agent', 'channel', 'priority', 'category', 'tier', 'tag', 'policy'] as const;
export type MetricsDimension = (typeof METRICS_DIMENSIONS)[number];

/** The report of tickets opened in a date range, overall and per agent, channel, priority, category, tier, tag and SLA policy. */
export interface TicketMetrics {
  readonly from: Date;
  readonly to: Date;
  readonly overall: MetricsGroup;
  /** Keyed by the ticket's current assignee (`unassigned` for none); every breakdown's keys in code-point order. */
  readonly byAgent: Readonly<Record<string, MetricsGroup>>;
  readonly byChannel: Readonly<Record<string, MetricsGroup>>;
  readonly byPriority: Readonly<Record<string, MetricsGroup>>;
  /** Keyed by the ticket's current category (`uncategorized` for none). */
  readonly byCategory: Readonly<Record<string, MetricsGroup>>;
  /** Keyed by the ticket's current tier (`1` to the top one). */
  readonly byTier: Readonly<Record<string, MetricsGroup>>;
  /** Keyed by tag: a ticket counts under each tag it carries now, an untagged one under none. */
  readonly byTag: Readonly<Record<string, MetricsGroup>>;
  /**
   * Keyed by the SLA policy governing the ticket (`no_policy` for none), each held to that
   * policy's compliance goal.
   */
  readonly byPolicy: Readonly<Record<string, MetricsGroup>>;
}

/** An SLA policy's compliance goal by its id; `null` for a policy that sets none, or is unknown. */
export type ComplianceGoals = (policyId: string) => number | null;

const TIERS = Array.from({ length: MAX_TIER }, (_, i) => i + 1);

/**
 * The keys a breakdown over a closed set always lists, zeros included, so a chart of them keeps
 * its bars: every channel, priority and tier. Open sets (agents, categories, tags, policies) list
 * the keys with tickets.
 */
const FIXED_KEYS: Partial<Record<MetricsDimension, readonly string[]>> = {
  channel: TicketChannel.options,
  priority: TicketPriority.options,
  tier: TIERS.map(String),
};

/** Where each breakdown of the report comes from in the rollup. */
const BREAKDOWNS = [
  ['agent', 'byAgent'],
  ['channel', 'byChannel'],
  ['priority', 'byPriority'],
  ['category', 'byCategory'],
  ['tier', 'byTier'],
  ['tag', 'byTag'],
  ['policy', 'byPolicy'],
] as const satisfies ReadonlyArray<readonly [MetricsDimension, keyof TicketMetrics]>;

/**
 * Report figures for tickets opened in `[from, to)`, from the report rollup (whole days) and the
 * ticket rows (the partial days at the edges). Durations are wall-clock (see the tickets
 * projection); SLA compliance counts each metric's latest cycle as the calculator left it:
 * `met` in time versus `breached` (met late or not at all). Only the breakdowns `dimensions`
 * names are computed (all by default); the others come back empty. Each policy's figures are held
 * to its goal (`goals`), and the overall figures to the goal every policy of the range shares.
 */
export async function ticketMetrics(
  db: Kysely<ReadModelTables>,
  range: { from: Date; to: Date },
  dimensions: readonly MetricsDimension[] = METRICS_DIMENSIONS,
  goals: ComplianceGoals = () => null,
): Promise<TicketMetrics> {
  // The policies are read whatever was asked: the overall goal depends on them (a few keys).
  const figures = await figuresByKey(db, range, ['all', ...new Set([...dimensions, 'policy' as const])]);
  const policies = [...(figures.get('policy')?.keys() ?? [])];
  const by = (dimension: MetricsDimension) => {
    if (!dimensions.includes(dimension)) return {};
    const groups = new Map(figures.get(dimension));
    for (const key of FIXED_KEYS[dimension] ?? []) if (!groups.has(key)) groups.set(key, noFigures());
    return Object.fromEntries(
      [...groups]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, group]) => [key, metricsGroup(group, dimension === 'policy' ? goals(key) : null)]),
    );
  };
  return {
    from: range.from,
    to: range.to,
    overall: metricsGroup(figures.get('all')!.get('') ?? noFigures(), sharedComplianceGoal(policies.map(goals))),
    ...(Object.fromEntries(BREAKDOWNS.map(([dimension, field]) => [field, by(dimension)])) as Pick<
      TicketMetrics,
      (typeof BREAKDOWNS)[number][1]
    >),
  };
}

/** The report figures of a group from its rollup vector (all zeros: no ticket), held to `goal`. */
export function metricsGroup(figures: Figures, goal: number | null = null): MetricsGroup {
  const get = (name: string) => figure(figures, name);
  const tickets = get('tickets');
  const resolved = get('res_count');
  const average = (sum: string, count: number) => (count === 0 ? null : get(sum) / count);
  return {
    tickets,
    firstResponse: {
      count: get('fr_count'),
      averageMs: average('fr_sum', get('fr_count')),
      medianMs: medianOf(figures, 'fr'),
    },
    resolution: { count: resolved, averageMs: average('res_sum', resolved), medianMs: medianOf(figures, 'res') },
    slaCompliance: complianceOf(get, goal),
    resolutionDistribution: {
      under1h: get('under_1h'),
      from1hTo4h: get('from_1h_to_4h'),
      from4hTo24h: get('from_4h_to_24h'),
      over24h: get('over_24h'),
    },
    csat: { count: get('csat_count'), average: average('csat_sum', get('csat_count')) },
    firstContactResolution: share(get('first_contact'), resolved),
    reopens: share(get('reopened'), get('resolved_once')),
    escalation: share(get('escalated'), tickets),
    escalationByTier: TIERS.map((tier) => ({
      tier,
      ...share(get(`tier_${tier}_escalated`), get(`tier_${tier}_reached`)),
    })),
  };
}

/** The compliance of each SLA metric from a group's `<metric>_met` and `<metric>_breached` figures. */
export function complianceOf(get: (name: string) => number, goal: number | null = null): SlaMetricCompliance {
  return Object.fromEntries(
    SLA_METRICS.map((metric) => [metric, slaCompliance(get(`${metric}_met`), get(`${metric}_breached`), goal)]),
  ) as Record<SlaMetricId, Compliance>;
}

/** `count` of `of`, with its rate (`null` when `of` is 0). */
export function share(count: number, of: number): Share {
  return { count, of, rate: of === 0 ? null : count / of };
}
