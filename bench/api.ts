/**
 * Ticket list through the GraphQL API versus a plain fastify route running the same SQL and
 * returning the same JSON, on the same embedded PostgreSQL in the same run. 100k tickets are
 * bulk-inserted into the read model; both servers answer "in_progress tickets, 50 rows".
 *
 * Fair by construction: both servers run in this process with the same logger, body limit and
 * connection pool, and both verify the caller's JWT with the API's own authenticator (so the
 * difference is GraphQL, not auth). The GraphQL side also carries the API's CORS and rate-limit
 * hooks; the plain route has neither. Load comes from autocannon in a worker thread, so the
 * load generator does not share the servers' event loop. Both servers are warmed up, then
 * measured alternately (A/B, B/A, ...) for a fixed duration at `connections` concurrent
 * connections; the medians over the rounds are reported, and the ratio is the median of the
 * per-round ratios (each round measures both servers back to back, in the same machine state).
 * Then latency is measured at a fixed request rate over one connection, unsaturated: at
 * saturation, latency is just connections / throughput (and with several connections autocannon
 * fires its rate-limited requests in bursts, so they queue behind each other). Last, a sweep over
 * concurrency (closed loop, both servers alternately at 1, 2, 4, ... connections) shows where
 * each server saturates and what p99 costs there: past the knee, more connections only queue.
 *
 *   node --conditions=@support-engine/source --import tsx bench/api.ts
 *   # BENCH_SECONDS=10 BENCH_ROUNDS=5 BENCH_CONNECTIONS=4 BENCH_WARMUP_SECONDS=3 BENCH_RATE=100 BENCH_SWEEP=1,2,4,6,10
 *
 * Targets: GraphQL >= 0.6x the plain route's req/s; GraphQL p99 < 25 ms.
 */
import { pathToFileURL } from 'node:url';
import { GRAPHQL_PATH, mintToken } from '@support-engine/api';
import { listTickets, type TicketView } from '@support-engine/projections';
import {
  BENCH_SECRET,
  type Measured,
  measure,
  measuredLine,
  medianOf,
  startApiPair,
  type Target,
} from './lib/api-pair.js';
import { fromEnv, median } from './lib/measure.js';
import { seedTicketRows } from './lib/ticket-rows.js';

/** Options of {@link runApiBench}; each defaults to its `BENCH_*` environment variable. */
export interface ApiBenchOptions {
  /** Ticket rows in the read model (`BENCH_TICKETS`, 100,000). */
  readonly tickets?: number;
  /** Duration of each measured autocannon run (`BENCH_SECONDS`, 10). */
  readonly seconds?: number;
  /** Measured rounds per server, alternating which goes first (`BENCH_ROUNDS`, 5). */
  readonly rounds?: number;
  /**
   * Concurrent connections of the measured rounds (`BENCH_CONNECTIONS`, 4): on this 2-core
   * machine both servers reach their peak throughput at 4 (the sweep shows it); past that knee
   * extra connections add only queueing, and p99 grows with their number at the same throughput.
   */
  readonly connections?: number;
  /** Unmeasured warm-up per server before the rounds (`BENCH_WARMUP_SECONDS`, 3). */
  readonly warmupSeconds?: number;
  /** Requests per second of the fixed-rate, one-connection latency run; 0 skips it (`BENCH_RATE`, 100). */
  readonly rate?: number;
  /** Connection counts of the concurrency sweep; empty skips it (`BENCH_SWEEP`, "1,2,4,6,10"). */
  readonly sweep?: readonly number[];
}

/** One round: both servers, back to back. */
export interface Round {
  readonly graphql: Measured;
  readonly baseline: Measured;
  /** GraphQL req/s over baseline req/s in this round. */
  readonly ratio: number;
}

/** What the bench measured. */
export interface ApiBenchResult {
  readonly tickets: number;
  readonly connections: number;
  readonly seconds: number;
  readonly rounds: readonly Round[];
  /** Medians over the rounds (at saturation). */
  readonly graphql: Measured;
  readonly baseline: Measured;
  /** Median of the per-round ratios. */
  readonly ratio: number;
  /** Both servers at `rate` req/s over one connection (not saturated), or `null` when skipped. */
  readonly atRate: { readonly rate: number; readonly graphql: Measured; readonly baseline: Measured } | null;
  /** Both servers at each connection count of the sweep. */
  readonly sweep: readonly { readonly connections: number; readonly graphql: Measured; readonly baseline: Measured }[];
}

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

/** Runs the bench on a fresh embedded PostgreSQL and returns the numbers. */
export async function runApiBench(
  options: ApiBenchOptions = {},
  onRound: (round: Round, index: number) => void = () => {},
): Promise<ApiBenchResult> {
  const tickets = options.tickets ?? fromEnv('BENCH_TICKETS', 100_000);
  const seconds = options.seconds ?? fromEnv('BENCH_SECONDS', 10);
  const rounds = options.rounds ?? fromEnv('BENCH_ROUNDS', 5);
  const connections = options.connections ?? fromEnv('BENCH_CONNECTIONS', 4);
  const warmupSeconds = options.warmupSeconds ?? fromEnv('BENCH_WARMUP_SECONDS', 3);
  const rate = options.rate ?? fromEnv('BENCH_RATE', 100);
  const sweepLevels =
    options.sweep ??
    (process.env.BENCH_SWEEP ?? '1,2,4,6,10')
      .split(',')
      .filter((level) => level.trim() !== '')
      .map(Number);

  const { db, baseline, api, authenticate, close } = await startApiPair();
  // The same authentication, the same query function (and so the same SQL) as the resolver,
  // answered as the same JSON; only GraphQL is missing.
  baseline.post('/tickets', async (request, reply) => {
    const principal = await authenticate(request.headers.authorization).catch(() => null);
    if (principal === null) return reply.code(401).send({ errors: [{ message: 'Authentication required' }] });
    const { variables } = request.body as { variables: { status: string[] } };
    const page = await listTickets(db, {
      status: variables.status,
      customerId: principal.role === 'customer' ? principal.id : undefined,
      first: PAGE,
      includeInternal: principal.role !== 'customer',
    });
    return { data: { tickets: { items: page.items.map(selected), nextCursor: page.nextCursor } } };
  });
  try {
    await seedTicketRows(db, tickets);
    const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
    const baselineUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });
    const body = JSON.stringify({ query: QUERY, variables: { status: ['in_progress'] } });
    const token = await mintToken({ sub: 'bench-agent', role: 'agent' }, BENCH_SECRET, 3600);
    // What a real client sends to either server.
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const graphql: Target = { url: `${apiUrl}${GRAPHQL_PATH}`, bodies: [body], headers };
    const plain: Target = { url: `${baselineUrl}/tickets`, bodies: [body], headers };

    // Same answer from both, and both refuse an anonymous caller, before timing anything.
    const answer = (target: Target, withToken = true) =>
      fetch(target.url, {
        method: 'POST',
        body,
        headers: withToken ? headers : { 'content-type': 'application/json' },
      }).then(async (r) => ({ status: r.status, json: await r.json() }));
    const [fromApi, fromBaseline] = await Promise.all([answer(graphql), answer(plain)]);
    if (JSON.stringify(fromApi.json) !== JSON.stringify(fromBaseline.json))
      throw new Error('GraphQL and baseline answers differ');
    const [anonymousApi, anonymousBaseline] = await Promise.all([answer(graphql, false), answer(plain, false)]);
    if (!JSON.stringify(anonymousApi.json).includes('UNAUTHENTICATED') || anonymousBaseline.status !== 401)
      throw new Error('An anonymous request was answered');

    if (warmupSeconds > 0) {
      await measure(plain, { seconds: warmupSeconds, connections });
      await measure(graphql, { seconds: warmupSeconds, connections });
    }
    // Both servers back to back under the same load; which goes first alternates with `index`,
    // so a drift in machine load favours neither.
    const both = async (index: number, load: { connections: number }) => {
      const run = (target: Target) => measure(target, { seconds, ...load });
      if (index % 2 === 0) {
        const baseline = await run(plain);
        return { baseline, graphql: await run(graphql) };
      }
      const graphqlRun = await run(graphql);
      return { graphql: graphqlRun, baseline: await run(plain) };
    };
    const measured: Round[] = [];
    for (let index = 0; index < rounds; index++) {
      const pair = await both(index, { connections });
      const round = { ...pair, ratio: pair.graphql.requestsPerSecond / pair.baseline.requestsPerSecond };
      measured.push(round);
      onRound(round, index);
    }
    const atRate =
      rate > 0
        ? {
            rate,
            baseline: await measure(plain, { seconds, connections: 1, rate }),
            graphql: await measure(graphql, { seconds, connections: 1, rate }),
          }
        : null;
    const sweep = [];
    for (const [index, level] of sweepLevels.entries()) {
      sweep.push({ connections: level, ...(await both(index, { connections: level })) });
    }
    return {
      tickets,
      connections,
      seconds,
      rounds: measured,
      graphql: medianOf(measured.map((r) => r.graphql)),
      baseline: medianOf(measured.map((r) => r.baseline)),
      ratio: median(measured.map((r) => r.ratio)),
      atRate,
      sweep,
    };
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const line = measuredLine;
  const result = await runApiBench({}, (round, index) => {
    console.log(`round ${index + 1}`);
    console.log(`  ${line('graphql', round.graphql)}`);
    console.log(`  ${line('baseline', round.baseline)}`);
    console.log(`  ratio     ${round.ratio.toFixed(2)}x`);
  });
  console.log(
    `ticket list (filter + ${PAGE} rows) over ${result.tickets} tickets, ${result.connections} connections, ` +
      `median of ${result.rounds.length} rounds of ${result.seconds} s`,
  );
  console.log(line('graphql', result.graphql));
  console.log(line('baseline', result.baseline));
  console.log(`ratio     ${result.ratio.toFixed(2)}x (target >= 0.6x)`);
  if (result.atRate) {
    console.log(`at a steady ${result.atRate.rate} req/s over one connection:`);
    console.log(line('graphql', result.atRate.graphql));
    console.log(line('baseline', result.atRate.baseline));
    console.log(`GraphQL p99 ${result.atRate.graphql.p99Ms} ms (target < 25 ms)`);
  }
  if (result.sweep.length > 0) console.log('concurrency sweep (closed loop):');
  for (const { connections, graphql, baseline } of result.sweep) {
    console.log(`  ${String(connections).padStart(2)} connections`);
    console.log(`    ${line('graphql', graphql)}`);
    console.log(`    ${line('baseline', baseline)}`);
  }
}
