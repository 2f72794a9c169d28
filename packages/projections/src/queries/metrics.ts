import { HOUR_MS, SLA_METRICS, type SlaMetricId } from '@support-engine/domain';
import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';

/** Met and breached counts of one SLA metric; `rate` is met / (met + breached), `null` without data. */
export interface Compliance {
  readonly met: number;
  readonly breached: number;
  readonly rate: number | null;
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
  readonly slaCompliance: Readonly<Record<SlaMetricId, Compliance>>;
  /** Resolved tickets by resolution time: under 1 h, 1-4 h, 4-24 h, 24 h and more. */
  readonly resolutionDistribution: {
    readonly under1h: number;
    readonly from1hTo4h: number;
    readonly from4hTo24h: number;
    readonly over24h: number;
  };
  readonly csat: { readonly count: number; readonly average: number | null };
}

/** The report of tickets opened in a date range, overall and per agent, channel and priority. */
export interface TicketMetrics {
  readonly from: Date;
  readonly to: Date;
  readonly overall: MetricsGroup;
  /** Keyed by the ticket's current assignee (`unassigned` for none). */
  readonly byAgent: Readonly<Record<string, MetricsGroup>>;
  readonly byChannel: Readonly<Record<string, MetricsGroup>>;
  readonly byPriority: Readonly<Record<string, MetricsGroup>>;
}

type ComplianceColumns = { [K in `${SlaMetricId}_${'met' | 'breached'}`]: string };

type MetricsRow = ComplianceColumns & {
  by_agent: boolean;
  by_channel: boolean;
  by_priority: boolean;
  assignee_id: string | null;
  channel: string | null;
  priority: string | null;
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
};

/**
 * Report figures for tickets opened in `[from, to)`, in one pass with grouping sets.
 * Durations are wall-clock (see the tickets projection); SLA compliance counts each metric's
 * latest cycle as the calculator left it: `met` in time versus `breached` (met late or not at all).
 */
export async function ticketMetrics(
  db: Kysely<ReadModelTables>,
  range: { from: Date; to: Date },
): Promise<TicketMetrics> {
  const compliance = SLA_METRICS.map(
    (metric) => sql`
      count(*) filter (where ${sql.ref(`sla_${metric}`)} = 'met') as ${sql.id(`${metric}_met`)},
      count(*) filter (where ${sql.ref(`sla_${metric}`)} = 'breached') as ${sql.id(`${metric}_breached`)}`,
  );
  const { rows } = await sql<MetricsRow>`
    select
      grouping(assignee_id) = 0 as by_agent, grouping(channel) = 0 as by_channel, grouping(priority) = 0 as by_priority,
      assignee_id, channel, priority,
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
      ${sql.join(compliance)}
    from tickets
    where opened_at >= ${range.from} and opened_at < ${range.to}
    group by grouping sets ((), (assignee_id), (channel), (priority))`.execute(db);

  // The empty grouping set yields its row even when no ticket matches.
  const overall = rows.find((r) => !r.by_agent && !r.by_channel && !r.by_priority)!;
  const groups = (pick: (row: MetricsRow) => boolean, key: (row: MetricsRow) => string) =>
    Object.fromEntries(rows.filter(pick).map((row) => [key(row), group(row)]));
  return {
    from: range.from,
    to: range.to,
    overall: group(overall),
    byAgent: groups(
      (r) => r.by_agent,
      (r) => r.assignee_id ?? 'unassigned',
    ),
    byChannel: groups(
      (r) => r.by_channel,
      (r) => r.channel!,
    ),
    byPriority: groups(
      (r) => r.by_priority,
      (r) => r.priority!,
    ),
  };
}

function group(row: MetricsRow): MetricsGroup {
  return {
    tickets: Number(row.tickets),
    firstResponse: { count: Number(row.fr_count), averageMs: row.fr_avg, medianMs: row.fr_median },
    resolution: { count: Number(row.res_count), averageMs: row.res_avg, medianMs: row.res_median },
    slaCompliance: Object.fromEntries(
      SLA_METRICS.map((metric) => [
        metric,
        compliance(Number(row[`${metric}_met`]), Number(row[`${metric}_breached`])),
      ]),
    ) as Record<SlaMetricId, Compliance>,
    resolutionDistribution: {
      under1h: Number(row.under_1h),
      from1hTo4h: Number(row.from_1h_to_4h),
      from4hTo24h: Number(row.from_4h_to_24h),
      over24h: Number(row.over_24h),
    },
    csat: { count: Number(row.csat_count), average: row.csat_avg },
  };
}

function compliance(met: number, breached: number): Compliance {
  return { met, breached, rate: met + breached === 0 ? null : met / (met + breached) };
}
