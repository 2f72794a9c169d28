import { HOUR_MS, MAX_TIER, SLA_METRICS, type SlaMetricId } from '@support-engine/domain';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';

/** Met and breached counts of one SLA metric; `rate` is met / (met + breached), `null` without data. */
export interface Compliance {
  readonly met: number;
  readonly breached: number;
  readonly rate: number | null;
}

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

/** A duration statistic over the tickets that have one. */
export interface DurationStats {
  readonly count: number;
  readonly averageMs: number | null;
  readonly medianMs: number | null;
}

/** The report figures of one group of tickets. */
export interface MetricsGroup {
  readonly tickets: number;
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
export const METRICS_DIMENSIONS = ['agent', 'channel', 'priority', 'category', 'tier', 'tag'] as const;
export type MetricsDimension = (typeof METRICS_DIMENSIONS)[number];

/** The report of tickets opened in a date range, overall and per agent, channel, priority, category, tier and tag. */
export interface TicketMetrics {
  readonly from: Date;
  readonly to: Date;
  readonly overall: MetricsGroup;
  /** Keyed by the ticket's current assignee (`unassigned` for none). */
  readonly byAgent: Readonly<Record<string, MetricsGroup>>;
  readonly byChannel: Readonly<Record<string, MetricsGroup>>;
  readonly byPriority: Readonly<Record<string, MetricsGroup>>;
  /** Keyed by the ticket's current category (`uncategorized` for none). */
  readonly byCategory: Readonly<Record<string, MetricsGroup>>;
  /** Keyed by the ticket's current tier (`1` to the top one). */
  readonly byTier: Readonly<Record<string, MetricsGroup>>;
  /** Keyed by tag: a ticket counts under each tag it carries now, an untagged one under none. */
  readonly byTag: Readonly<Record<string, MetricsGroup>>;
}

/** The columns {@link complianceColumns} selects. */
export type ComplianceColumns = { [K in `${SlaMetricId}_${'met' | 'breached'}`]: string };
type TierColumns = { [K in `tier_${number}_${'reached' | 'escalated'}`]: string };

type FigureColumns = ComplianceColumns &
  TierColumns & {
    tickets: string;
    fr_count: string;
    fr_avg: number | null;
    fr_median: number | null;
    res_count: string;
    res_avg: number | null;
    res_median: number | null;
    under_1h: string;
    from_1h_to_4h: string;
    from_4h_to_24h: string;
    over_24h: string;
    csat_count: string;
    csat_avg: number | null;
    first_contact: string;
    resolved_once: string;
    reopened: string;
    escalated: string;
  };

type MetricsRow = FigureColumns & {
  dimension: MetricsDimension | null;
  key: string | null;
};

const TIERS = Array.from({ length: MAX_TIER }, (_, i) => i + 1);

/** The breakdowns by a column of the ticket row: the column, and the key a row's value is shown under. */
const COLUMN_DIMENSIONS = [
  ['agent', 'assignee_id', sql`coalesce(assignee_id, 'unassigned')`],
  ['channel', 'channel', sql`channel`],
  ['priority', 'priority', sql`priority`],
  ['category', 'category', sql`coalesce(category, 'uncategorized')`],
  ['tier', 'tier', sql`tier::text`],
] as const satisfies ReadonlyArray<readonly [MetricsDimension, string, RawBuilder<unknown>]>;
type ColumnDimension = (typeof COLUMN_DIMENSIONS)[number];

// Which grouping set a row belongs to, and its key; `grouping()` may only name grouped columns.
const dimensionOf = (sets: readonly ColumnDimension[]) =>
  sets.length === 0
    ? sql`null::text`
    : sql`case ${sql.join(
        sets.map(([dimension, column]) => sql`when grouping(${sql.ref(column)}) = 0 then ${dimension}`),
        sql` `,
      )} end`;
const keyOf = (sets: readonly ColumnDimension[]) =>
  sets.length === 0
    ? sql`null::text`
    : sql`case ${sql.join(
        sets.map(([, column, key]) => sql`when grouping(${sql.ref(column)}) = 0 then ${key}`),
        sql` `,
      )} end`;

/** `<metric>_met` and `<metric>_breached` counts of the SLA metrics' latest cycles, as select-list items. */
export function complianceColumns(): RawBuilder<unknown> {
  return sql.join(
    SLA_METRICS.map(
      (metric) => sql`
      count(*) filter (where ${sql.ref(`sla_${metric}`)} = 'met') as ${sql.id(`${metric}_met`)},
      count(*) filter (where ${sql.ref(`sla_${metric}`)} = 'breached') as ${sql.id(`${metric}_breached`)}`,
    ),
  );
}

/** The compliance of each SLA metric from the columns {@link complianceColumns} selects. */
export function complianceOf(row: ComplianceColumns): SlaMetricCompliance {
  return Object.fromEntries(
    SLA_METRICS.map((metric) => [metric, compliance(Number(row[`${metric}_met`]), Number(row[`${metric}_breached`]))]),
  ) as Record<SlaMetricId, Compliance>;
}

// Every figure of a group, as aggregates over the group's ticket rows.
function figureColumns(): RawBuilder<unknown> {
  const tiers = TIERS.map(
    (tier) => sql`
      count(*) filter (where tier >= ${tier}) as ${sql.id(`tier_${tier}_reached`)},
      count(*) filter (where tier > ${tier} or (tier = ${tier} and escalated_to_supervisors)) as ${sql.id(`tier_${tier}_escalated`)}`,
  );
  return sql`
      count(*) as tickets,
      count(first_response_ms) as fr_count,
      avg(first_response_ms)::float8 as fr_avg,
      percentile_cont(0.5) within group (order by first_response_ms) as fr_median,
      count(resolution_ms) as res_count,
      avg(resolution_ms)::float8 as res_avg,
      percentile_cont(0.5) within group (order by resolution_ms) as res_median,
      count(*) filter (where resolution_ms < ${HOUR_MS}) as under_1h,
      count(*) filter (where resolution_ms >= ${HOUR_MS} and resolution_ms < ${4 * HOUR_MS}) as from_1h_to_4h,
      count(*) filter (where resolution_ms >= ${4 * HOUR_MS} and resolution_ms < ${24 * HOUR_MS}) as from_4h_to_24h,
      count(*) filter (where resolution_ms >= ${24 * HOUR_MS}) as over_24h,
      count(csat_score) as csat_count,
      avg(csat_score)::float8 as csat_avg,
      count(*) filter (where resolution_ms is not null and agent_reply_count = 1 and reopen_count = 0) as first_contact,
      count(*) filter (where resolved_once) as resolved_once,
      count(*) filter (where resolved_once and reopen_count > 0) as reopened,
      count(*) filter (where tier > 1 or escalated_to_supervisors) as escalated,
      ${sql.join(tiers)},
      ${complianceColumns()}`;
}

/**
 * Report figures for tickets opened in `[from, to)`: one pass with grouping sets over the
 * ticket rows for the overall figures and the breakdowns by a column, one over the rows' tags
 * (a ticket counts under each of its tags). Durations are wall-clock (see the tickets
 * projection); SLA compliance counts each metric's latest cycle as the calculator left it:
 * `met` in time versus `breached` (met late or not at all). Only the breakdowns `dimensions`
 * names are computed (all by default); the others come back empty.
 */
export async function ticketMetrics(
  db: Kysely<ReadModelTables>,
  range: { from: Date; to: Date },
  dimensions: readonly MetricsDimension[] = METRICS_DIMENSIONS,
): Promise<TicketMetrics> {
  const inRange = sql`opened_at >= ${range.from} and opened_at < ${range.to}`;
  // Only the breakdowns asked for: each grouping set costs a sort of the range's rows.
  const columnSets = COLUMN_DIMENSIONS.filter(([dimension]) => dimensions.includes(dimension));
  const [columns, tags] = await Promise.all([
    sql<MetricsRow>`
      select
        ${dimensionOf(columnSets)} as dimension,
        ${keyOf(columnSets)} as key,
        ${figureColumns()}
      from tickets
      where ${inRange}
      group by grouping sets (${sql.join([sql`()`, ...columnSets.map(([, column]) => sql`(${sql.ref(column)})`)])})`.execute(
      db,
    ),
    dimensions.includes('tag')
      ? sql<MetricsRow>`
          select 'tag' as dimension, tag as key, ${figureColumns()}
          from tickets, unnest(tags) as tag
          where ${inRange}
          group by tag`.execute(db)
      : { rows: [] as MetricsRow[] },
  ]);
  const rows = [...columns.rows, ...tags.rows];
  // The empty grouping set yields its row even when no ticket matches.
  const overall = rows.find((row) => row.dimension === null)!;
  const by = (dimension: MetricsDimension) =>
    Object.fromEntries(rows.filter((row) => row.dimension === dimension).map((row) => [row.key!, group(row)]));
  return {
    from: range.from,
    to: range.to,
    overall: group(overall),
    byAgent: by('agent'),
    byChannel: by('channel'),
    byPriority: by('priority'),
    byCategory: by('category'),
    byTier: by('tier'),
    byTag: by('tag'),
  };
}

function group(row: FigureColumns): MetricsGroup {
  const tickets = Number(row.tickets);
  const resolved = Number(row.res_count);
  return {
    tickets,
    firstResponse: { count: Number(row.fr_count), averageMs: row.fr_avg, medianMs: row.fr_median },
    resolution: { count: resolved, averageMs: row.res_avg, medianMs: row.res_median },
    slaCompliance: complianceOf(row),
    resolutionDistribution: {
      under1h: Number(row.under_1h),
      from1hTo4h: Number(row.from_1h_to_4h),
      from4hTo24h: Number(row.from_4h_to_24h),
      over24h: Number(row.over_24h),
    },
    csat: { count: Number(row.csat_count), average: row.csat_avg },
    firstContactResolution: share(Number(row.first_contact), resolved),
    reopens: share(Number(row.reopened), Number(row.resolved_once)),
    escalation: share(Number(row.escalated), tickets),
    escalationByTier: TIERS.map((tier) => ({
      tier,
      ...share(Number(row[`tier_${tier}_escalated`]), Number(row[`tier_${tier}_reached`])),
    })),
  };
}

/** `count` of `of`, with its rate (`null` when `of` is 0). */
export function share(count: number, of: number): Share {
  return { count, of, rate: of === 0 ? null : count / of };
}

function compliance(met: number, breached: number): Compliance {
  return { met, breached, rate: met + breached === 0 ? null : met / (met + breached) };
}
