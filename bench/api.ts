/**
 * Ticket list through the GraphQL API versus a plain fastify route running the same SQL and
 * returning the same JSON, on the same embedded PostgreSQL in the same run. 100k tickets are
 * bulk-inserted into the read model; both servers answer "in_progress tickets, 50 rows". Prints
 * req/s and p99 latency of both and the ratio (target: >= 0.6x, GraphQL p99 < 25 ms).
 *
 *   node --conditions=source --import tsx bench/api.ts      # BENCH_SECONDS=10 by default
 */
import { pathToFileURL } from 'node:url';
import {
  createApiServer,
  createProjectionWaiter,
  defaultApiConfig,
  GRAPHQL_PATH,
  mintToken,
} from '@support-engine/api';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore';
import {
  createReadModelDb,
  listTickets,
  migrateReadModels,
  type ReadModelTables,
  type TicketView,
} from '@support-engine/projections';
import { startPostgres } from '@support-engine/servers';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';

/** Options of {@link runApiBench}. */
export interface ApiBenchOptions {
  readonly tickets?: number;
  /** Duration of each autocannon run. */
  readonly seconds?: number;
  readonly connections?: number;
}

/** Throughput and tail latency of one server. */
export interface Measured {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
}

/** What the bench measured. */
export interface ApiBenchResult {
  readonly tickets: number;
  readonly graphql: Measured;
  readonly baseline: Measured;
  /** GraphQL req/s over baseline req/s. */
  readonly ratio: number;
}

const SECRET = 'bench-secret-bench-secret-bench-secret';
const PAGE = 50;
const QUERY = `query($status: [TicketStatus!]) {
  tickets(filter: { status: $status }, first: ${PAGE}) { items { id subject status priority assigneeId openedAt updatedAt } nextCursor }
}`;

/** The fields the GraphQL query selects, in its order: the baseline returns exactly these. */
function selected(view: TicketView) {
  return {
    id: view.ticketId,
    subject: view.subject,
    status: view.status,
    priority: view.priority,
    assigneeId: view.assigneeId,
    openedAt: view.openedAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}

/** Seeds `count` ticket rows in one statement (the bench measures reads, not projection). */
async function seed(db: Kysely<ReadModelTables>, count: number): Promise<void> {
  await sql`
    insert into tickets (
      ticket_id, customer_id, subject, status, priority, opening_priority, category, channel, language, tier,
      assignee_id, proactive, opened_at, updated_at, status_since, reopen_count, reminders_sent, message_count,
      sla_state, sla_first_response, sla_next_response, sla_resolution, sla_warnings_recorded, sla_breaches_recorded,
      sla_facts, follow_up_requested, version)
    select
      'ticket-' || lpad(n::text, 7, '0'), 'customer-' || (n % 5000), 'Subject number ' || n,
      (array['new','in_progress','waiting_customer','resolved','closed'])[1 + n % 5],
      (array['low','normal','high','urgent'])[1 + n % 4], 'normal', 'billing', 'web', 'en', 1,
      case when n % 3 = 0 then null else 'agent-' || (n % 50) end, false,
      timestamptz '2025-01-01' + n * interval '1 minute', timestamptz '2025-01-01' + n * interval '1 minute',
      timestamptz '2025-01-01' + n * interval '1 minute', 0, 0, 1,
      'on_track', 'running', 'not_started', 'running', 0, 0, '[]'::jsonb, false, 1
    from generate_series(1, ${count}) as n`.execute(db);
  await sql`analyze tickets`.execute(db);
}

async function measure(
  url: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
): Promise<Measured> {
  const result = await autocannon({ url, method: 'POST', body, headers, duration: seconds, connections });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99 };
}

/** Runs the bench on a fresh embedded PostgreSQL and returns the numbers. */
export async function runApiBench(options: ApiBenchOptions = {}): Promise<ApiBenchResult> {
  const tickets = options.tickets ?? 100_000;
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 10);
  const connections = options.connections ?? 4;
  const postgres = await startPostgres();
  const store = createPostgresEventStore({ connectionString: postgres.url });
  const db = createReadModelDb(postgres.url, { maxConnections: 10 });
  const logger = pino({ level: 'warn' });
  const api = await createApiServer(
    { store, db, waiter: createProjectionWaiter(db), logger, clock: () => new Date() },
    defaultApiConfig({
      environment: 'production',
      auth: { mode: 'hs256', secret: SECRET },
      rateLimit: { max: 1e9, windowMs: 60_000 },
    }),
  );
  const baseline = Fastify();
  // The same query function (and so the same SQL) the resolver calls, answered as the same JSON.
  baseline.post('/tickets', async (request) => {
    const { variables } = request.body as { variables: { status: string[] } };
    const page = await listTickets(db, { status: variables.status, first: PAGE, includeInternal: true });
    return { data: { tickets: { items: page.items.map(selected), nextCursor: page.nextCursor } } };
  });
  try {
    await migrateEventStore(store.db);
    await migrateReadModels(db);
    await seed(db, tickets);
    const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
    const baselineUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });
    const body = JSON.stringify({ query: QUERY, variables: { status: ['in_progress'] } });
    const json = { 'content-type': 'application/json' };
    const token = await mintToken({ sub: 'bench-agent', role: 'agent' }, SECRET, 3600);
    const graphqlHeaders = { ...json, authorization: `Bearer ${token}` };

    // Same answer from both before timing anything.
    const [fromApi, fromBaseline] = await Promise.all([
      fetch(`${apiUrl}${GRAPHQL_PATH}`, { method: 'POST', body, headers: graphqlHeaders }).then((r) => r.json()),
      fetch(`${baselineUrl}/tickets`, { method: 'POST', body, headers: json }).then((r) => r.json()),
    ]);
    if (JSON.stringify(fromApi) !== JSON.stringify(fromBaseline))
      throw new Error('GraphQL and baseline answers differ');

    const baselineResult = await measure(`${baselineUrl}/tickets`, body, json, seconds, connections);
    const graphql = await measure(`${apiUrl}${GRAPHQL_PATH}`, body, graphqlHeaders, seconds, connections);
    return {
      tickets,
      graphql,
      baseline: baselineResult,
      ratio: graphql.requestsPerSecond / baselineResult.requestsPerSecond,
    };
  } finally {
    await api.close();
    await baseline.close();
    await db.destroy();
    await store.close();
    await postgres.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runApiBench();
  const line = (name: string, m: Measured) =>
    `${name.padEnd(9)} ${m.requestsPerSecond.toFixed(0).padStart(7)} req/s   p99 ${m.p99Ms} ms`;
  console.log(`ticket list (filter + ${PAGE} rows) over ${result.tickets} tickets`);
  console.log(line('graphql', result.graphql));
  console.log(line('baseline', result.baseline));
  console.log(`ratio     ${result.ratio.toFixed(2)}x (target >= 0.6x; GraphQL p99 target < 25 ms)`);
}
