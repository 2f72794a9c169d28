import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { type DurationStats, type Share, share } from './metrics.js';

/**
 * The presence states that count as time at work for utilisation: `available` (taking chats) and
 * `busy` (on a call, in a task). Breaks, training and offline time are not.
 */
export const WORKING_PRESENCE = ['available', 'busy'] as const;

/** The report figures of one group of chats. */
export interface ChatMetricsGroup {
  readonly chats: number;
  /** Start to the first agent's assignment (accepted, assigned or routed), over the chats that got one. */
  readonly waitTime: DurationStats;
  /** Start to close, over the closed chats (abandoned ones included). */
  readonly duration: DurationStats;
  /**
   * Of the closed chats, those closed while still waiting (never assigned), except those closed by
   * their conversion into a ticket (cause `converted`): the team took those on, nobody gave up.
   */
  readonly abandonment: Share;
  /** Of all the chats, those converted to a ticket. */
  readonly conversion: Share;
  readonly csat: { readonly count: number; readonly average: number | null };
}

/**
 * One agent's utilisation over the report's period: `busyMs` is the time they held at least one
 * chat while at work, `availableMs` their time at work ({@link WORKING_PRESENCE}); `rate` is
 * busy / available, `null` without time at work.
 */
export interface AgentUtilisation {
  readonly agentId: string;
  readonly availableMs: number;
  readonly busyMs: number;
  readonly rate: number | null;
}

/** The report of chats started in a date range, overall and per agent and category, with agent utilisation. */
export interface ChatMetrics {
  readonly from: Date;
  readonly to: Date;
  readonly overall: ChatMetricsGroup;
  /** Keyed by the chat's current (last) agent; `unassigned` for chats never assigned. */
  readonly byAgent: Readonly<Record<string, ChatMetricsGroup>>;
  /** Keyed by the chat's category, its queue (`uncategorized` for none). */
  readonly byCategory: Readonly<Record<string, ChatMetricsGroup>>;
  /** Per agent at work at some time of `[from, min(to, now))`, by agent id. */
  readonly utilisation: readonly AgentUtilisation[];
}

type ChatMetricsRow = {
  dimension: 'agent' | 'category' | null;
  key: string | null;
  chats: string;
  wait_count: string;
  wait_avg: number | null;
  wait_median: number | null;
  duration_count: string;
  duration_avg: number | null;
  duration_median: number | null;
  closed: string;
  abandoned: string;
  converted: string;
  csat_count: string;
  csat_avg: number | null;
};

/**
 * Report figures for chats started in `[from, to)` (one pass with grouping sets), and each
 * agent's utilisation over the same period up to `now`: presence periods and chat holds are
 * intervals, merged and intersected as PostgreSQL multiranges, so concurrent chats count once.
 */
export async function chatMetrics(
  db: Kysely<ReadModelTables>,
  range: { from: Date; to: Date },
  now: Date,
): Promise<ChatMetrics> {
  const [groups, utilisation] = await Promise.all([chatGroups(db, range), agentUtilisation(db, range, now)]);
  // The empty grouping set yields its row even when no chat matches.
  const overall = groups.find((row) => row.dimension === null)!;
  const by = (dimension: 'agent' | 'category') =>
    Object.fromEntries(groups.filter((row) => row.dimension === dimension).map((row) => [row.key!, group(row)]));
  return {
    from: range.from,
    to: range.to,
    overall: group(overall),
    byAgent: by('agent'),
    byCategory: by('category'),
    utilisation,
  };
}

async function chatGroups(db: Kysely<ReadModelTables>, range: { from: Date; to: Date }): Promise<ChatMetricsRow[]> {
  const { rows } = await sql<ChatMetricsRow>`
    with chats as (
      select assignee_id, category, ticket_id, csat_score, closed_at, close_cause, assigned_at,
        (extract(epoch from assigned_at - started_at) * 1000)::float8 as wait_ms,
        (extract(epoch from closed_at - started_at) * 1000)::float8 as duration_ms
      from chat_sessions
      where started_at >= ${range.from} and started_at < ${range.to}
    )
    select
      case when grouping(assignee_id) = 0 then 'agent' when grouping(category) = 0 then 'category' end as dimension,
      case
        when grouping(assignee_id) = 0 then coalesce(assignee_id, 'unassigned')
        when grouping(category) = 0 then coalesce(category, 'uncategorized')
      end as key,
      count(*) as chats,
      count(wait_ms) as wait_count,
      avg(wait_ms)::float8 as wait_avg,
      percentile_cont(0.5) within group (order by wait_ms) as wait_median,
      count(duration_ms) as duration_count,
      avg(duration_ms)::float8 as duration_avg,
      percentile_cont(0.5) within group (order by duration_ms) as duration_median,
      count(closed_at) as closed,
      count(*) filter (
        where closed_at is not null and assigned_at is null and close_cause is distinct from 'converted'
      ) as abandoned,
      count(ticket_id) as converted,
      count(csat_score) as csat_count,
      avg(csat_score)::float8 as csat_avg
    from chats
    group by grouping sets ((), (assignee_id), (category))`.execute(db);
  return rows;
}

async function agentUtilisation(
  db: Kysely<ReadModelTables>,
  range: { from: Date; to: Date },
  now: Date,
): Promise<AgentUtilisation[]> {
  // Time not lived yet is neither busy nor available.
  const end = new Date(Math.max(range.from.getTime(), Math.min(range.to.getTime(), now.getTime())));
  const { rows } = await sql<{ agent_id: string; available_ms: number; busy_ms: number }>`
    with period as (select tstzmultirange(tstzrange(${range.from}, ${end})) as span),
    working as (
      select agent_id, range_agg(tstzrange(since, greatest(since, coalesce(until, 'infinity')))) * (select span from period) as spans
      from agent_presence
      where availability = any(${[...WORKING_PRESENCE]}::text[])
        and since < ${end} and (until is null or until > ${range.from})
      group by agent_id
    ),
    holding as (
      select agent_id, range_agg(tstzrange(held_from, greatest(held_from, coalesce(held_until, 'infinity')))) as spans
      from chat_holds
      where held_from < ${end} and (held_until is null or held_until > ${range.from})
      group by agent_id
    )
    select w.agent_id,
      (select coalesce(sum(extract(epoch from upper(s) - lower(s)) * 1000), 0) from unnest(w.spans) s)::float8 as available_ms,
      (select coalesce(sum(extract(epoch from upper(s) - lower(s)) * 1000), 0)
        from unnest(w.spans * coalesce(h.spans, '{}'::tstzmultirange)) s)::float8 as busy_ms
    from working w left join holding h using (agent_id)
    where not isempty(w.spans)
    order by w.agent_id`.execute(db);
  return rows.map((row) => ({
    agentId: row.agent_id,
    availableMs: row.available_ms,
    busyMs: row.busy_ms,
    rate: row.available_ms === 0 ? null : row.busy_ms / row.available_ms,
  }));
}

function group(row: ChatMetricsRow): ChatMetricsGroup {
  return {
    chats: Number(row.chats),
    waitTime: { count: Number(row.wait_count), averageMs: row.wait_avg, medianMs: row.wait_median },
    duration: { count: Number(row.duration_count), averageMs: row.duration_avg, medianMs: row.duration_median },
    abandonment: share(Number(row.abandoned), Number(row.closed)),
    conversion: share(Number(row.converted), Number(row.chats)),
    csat: { count: Number(row.csat_count), average: row.csat_avg },
  };
}
