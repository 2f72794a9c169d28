/**
 * The supervisors' dashboard through the GraphQL API versus one hand-written SQL query per
 * figure set over the same read tables, on the same embedded PostgreSQL in the same run.
 *
 * `BENCH_TICKETS` tickets (1,000,000 by default) are written straight into the tickets read
 * model with one `insert ... select` over `generate_series`, spread evenly over 180 days (the 90
 * days the dashboard shows and the 90 before, which its trend compares against), with a
 * deterministic mix of categories, channels, priorities, tiers, 200 agents, tags, first
 * responses, resolutions, reopens, escalations, SLA outcomes and ratings.
 *
 * The dashboard is one GraphQL request: the daily series of the last 90 days (volume, medians of
 * first response and resolution, SLA compliance, with the previous 90 days and the peak hours)
 * and the report by category and by agent (`ticketMetrics`). The baseline is a plain fastify
 * route verifying the same JWT and running hand-written SQL for the same figures: the series in
 * one grouping-sets query, the category and agent breakdowns in another. Requests go one at a
 * time (a dashboard is opened, not hammered), alternating A/B then B/A; p50/p99 over all of them.
 *
 *   node --conditions=@support-engine/source --import tsx bench/reports.ts
 *   # BENCH_TICKETS=1000000 BENCH_REQUESTS=20
 *
 * Targets: GraphQL >= 0.8x the baseline's throughput (the inverse of the mean latency ratio);
 * GraphQL p99 < 200 ms; seed 001 asks for dashboards under 3 s.
 */
import { pathToFileURL } from 'node:url';
import { GRAPHQL_PATH, mintToken } from '@support-engine/api';
import { fillReportRollup, type ReadModelTables } from '@support-engine/projections';
import { type Kysely, sql } from 'kysely';
import { BENCH_SECRET, startApiPair } from './lib/api-pair.js';
import { fromEnv, median, quantile } from './lib/measure.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The end of the dashboard's period (exclusive), a midnight: its 90 days are whole. */
const END = new Date('2026-06-01T00:00:00.000Z');
const FROM = new Date(END.getTime() - 90 * DAY_MS);
const SEED_FROM = new Date(END.getTime() - 180 * DAY_MS);

const FIGURES = `tickets firstResponse { count averageMs medianMs } resolution { count averageMs medianMs }
  slaCompliance { firstResponse { met breached rate } resolution { met breached rate } } csat { count average }`;
const DASHBOARD = `query($from: DateTime!, $to: DateTime!) {
  ticketTimeSeries(from: $from, to: $to, interval: day) {
    current { buckets { start opened firstResponseMedianMs resolutionMedianMs slaCompliance { firstResponse { met breached } resolution { met breached } } } }
    previous { buckets { start opened firstResponseMedianMs resolutionMedianMs } }
    peakHours { hour opened }
  }
  ticketMetrics(from: $from, to: $to) {
    overall { ${FIGURES} }
    byCategory { key metrics { ${FIGURES} } }
    byAgent { key metrics { ${FIGURES} } }
  }
}`;

/**
 * Writes `count` tickets over the 180 days before `END`, in slices of 100,000 rows (one
 * statement each), then analyses the table. Values come from the row number through cheap
 * integer hashes, so every run writes the same tickets.
 */
export async function seedTickets(db: Kysely<ReadModelTables>, count: number): Promise<void> {
  const spanMs = END.getTime() - SEED_FROM.getTime();
  for (let start = 1; start <= count; start += 100_000) {
    const end = Math.min(count, start + 99_999);
    await sql`
      insert into tickets (ticket_id, customer_id, subject, status, priority, opening_priority, category, channel,
        language, tier, assignee_id, proactive, opened_at, updated_at, status_since, first_response_at,
        first_response_ms, resolved_at, resolution_ms, closed_at, reopen_count, reminders_sent, message_count,
        public_message_count, agent_reply_count, resolved_once, escalated_to_supervisors, with_supervisors,
        sla_state, sla_first_response, sla_next_response, sla_resolution, sla_warnings_recorded,
        sla_breaches_recorded, sla_facts, csat_score, follow_up_requested, version, tags)
      select 'bench-' || g, 'customer-' || (h % 40000), 'Ticket ' || g, status, priority, priority, category,
        (array['email', 'web', 'chat', 'phone', 'api'])[1 + h % 5], 'en', tier,
        case when h % 50 = 0 then null else 'agent-' || (h % 200) end, false,
        opened_at, opened_at, opened_at,
        opened_at + fr_ms * interval '1 millisecond', fr_ms,
        case when resolved then opened_at + res_ms * interval '1 millisecond' end,
        case when resolved then res_ms end,
        case when status = 'closed' then opened_at + res_ms * interval '1 millisecond' end,
        case when h % 13 = 0 then 1 else 0 end, 0, 3, 3, 1 + h % 3, resolved, tier = 3 and h % 7 = 0, false,
        case when resolved then 'completed' else 'running' end,
        case when h % 9 = 0 then 'breached' else 'met' end, 'met',
        case when not resolved then 'running' when h % 11 = 0 then 'breached' else 'met' end,
        0, 0, '{}'::jsonb, case when resolved and h % 4 = 0 then 1 + h % 5 end, false, 5,
        case h % 4 when 0 then array['billing'] when 1 then array['vip', 'bug'] else array[]::text[] end
      from (
        select g, h, ${SEED_FROM}::timestamptz + ((g - 1)::float8 / ${count} * ${spanMs}) * interval '1 millisecond' as opened_at,
          (array['resolved', 'resolved', 'resolved', 'closed', 'in_progress', 'waiting_customer'])[1 + h % 6] as status,
          h % 6 < 4 as resolved,
          (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + (h / 7) % 5] as priority,
          (array['billing', 'technical', 'account', 'shipping', 'refunds', 'login', 'api', 'other'])[1 + (h / 11) % 8] as category,
          1 + (h / 13) % 3 as tier,
          60000 + (h % 172800) * 1000 as fr_ms,
          600000 + (h % 604800) * 1000 as res_ms
        from (select g, hashint4(g) & 2147483647 as h from generate_series(${start}::int, ${end}::int) g) numbered
      ) rows`.execute(db);
  }
  await sql`analyze tickets`.execute(db);
  // The rows bypassed the tickets projection, so the report rollup is filled from them as its migration does.
  await fillReportRollup(db);
  await sql`analyze ticket_report_rollup`.execute(db);
}

/** The daily series, current and previous period, and the peak hours, as one hand-written query. */
function baselineSeries(db: Kysely<ReadModelTables>) {
  return sql`
    select opened_at >= ${FROM} as is_current, date_trunc('day', opened_at, 'UTC') as day,
      extract(hour from opened_at at time zone 'UTC')::int as hour,
      count(*) as opened,
      percentile_cont(0.5) within group (order by first_response_ms) as fr_median,
      percentile_cont(0.5) within group (order by resolution_ms) as res_median,
      count(*) filter (where sla_first_response = 'met') as fr_met,
      count(*) filter (where sla_first_response = 'breached') as fr_breached,
      count(*) filter (where sla_resolution = 'met') as res_met,
      count(*) filter (where sla_resolution = 'breached') as res_breached
    from tickets
    where opened_at >= ${SEED_FROM} and opened_at < ${END}
    group by grouping sets ((1, 2), (1, 3))`.execute(db);
}

/** The overall figures and those by category and by agent, as one hand-written query. */
function baselineBreakdowns(db: Kysely<ReadModelTables>) {
  return sql`
    select category, assignee_id, count(*) as tickets,
      count(first_response_ms) as fr_count, avg(first_response_ms)::float8 as fr_avg,
      percentile_cont(0.5) within group (order by first_response_ms) as fr_median,
      count(resolution_ms) as res_count, avg(resolution_ms)::float8 as res_avg,
      percentile_cont(0.5) within group (order by resolution_ms) as res_median,
      count(*) filter (where sla_first_response = 'met') as fr_met,
      count(*) filter (where sla_first_response = 'breached') as fr_breached,
      count(*) filter (where sla_resolution = 'met') as res_met,
      count(*) filter (where sla_resolution = 'breached') as res_breached,
      count(csat_score) as csat_count, avg(csat_score)::float8 as csat_avg
    from tickets
    where opened_at >= ${FROM} and opened_at < ${END}
    group by grouping sets ((), (category), (assignee_id))`.execute(db);
}

/** Runs the bench and prints p50/p99 of both subjects and the ratio of their mean latencies. */
export async function runReportsBench(): Promise<void> {
  const tickets = fromEnv('BENCH_TICKETS', 1_000_000);
  const requests = fromEnv('BENCH_REQUESTS', 20);
  const { db, api, baseline, authenticate, close } = await startApiPair();
  baseline.post('/dashboard', async (request, reply) => {
    const principal = await authenticate(request.headers.authorization).catch(() => null);
    if (principal === null || principal.role !== 'supervisor') return reply.code(401).send({ errors: [] });
    const [series, breakdowns] = await Promise.all([baselineSeries(db), baselineBreakdowns(db)]);
    return { data: { series: series.rows, breakdowns: breakdowns.rows } };
  });
  try {
    const seeding = Date.now();
    await seedTickets(db, tickets);
    console.log(`seeded ${tickets} tickets over 180 days in ${((Date.now() - seeding) / 1000).toFixed(0)} s`);
    const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
    const baselineUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });
    const token = await mintToken({ sub: 'bench-supervisor', role: 'supervisor' }, BENCH_SECRET, 3600);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const body = JSON.stringify({ query: DASHBOARD, variables: { from: FROM.toISOString(), to: END.toISOString() } });
    const timedRequest = async (url: string): Promise<number> => {
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers, body });
      const text = await response.text();
      if (!response.ok || text.includes('"errors"'))
        throw new Error(`${url}: ${response.status} ${text.slice(0, 500)}`);
      return performance.now() - started;
    };
    const subjects = { graphql: `${apiUrl}${GRAPHQL_PATH}`, baseline: `${baselineUrl}/dashboard` };
    // Warm-up: plans, caches, JIT.
    for (const url of Object.values(subjects)) for (let i = 0; i < 2; i++) await timedRequest(url);
    const latencies = { graphql: [] as number[], baseline: [] as number[] };
    for (let i = 0; i < requests; i++) {
      const order = i % 2 === 0 ? (['graphql', 'baseline'] as const) : (['baseline', 'graphql'] as const);
      for (const subject of order) latencies[subject].push(await timedRequest(subjects[subject]));
    }
    const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    console.log(
      `dashboard over ${tickets} tickets (daily series of 90 days with the previous 90, by category and agent), ${requests} requests each, one at a time`,
    );
    for (const subject of ['graphql', 'baseline'] as const) {
      const sorted = [...latencies[subject]].sort((a, b) => a - b);
      console.log(
        `  ${subject.padEnd(9)} p50 ${median(sorted).toFixed(0).padStart(6)} ms   p99 ${quantile(sorted, 0.99).toFixed(0).padStart(6)} ms   mean ${mean(sorted).toFixed(0).padStart(6)} ms`,
      );
    }
    const ratio = mean(latencies.baseline) / mean(latencies.graphql);
    const p99 = quantile(
      [...latencies.graphql].sort((a, b) => a - b),
      0.99,
    );
    console.log(
      `  ratio     ${ratio.toFixed(2)}x (baseline mean / GraphQL mean; target >= 0.8x) ${ratio >= 0.8 ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `  GraphQL p99 ${p99.toFixed(0)} ms (target < 200 ms; seed 001: dashboards < 3 s) ${p99 < 200 ? 'PASS' : 'FAIL'}`,
    );
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runReportsBench();
