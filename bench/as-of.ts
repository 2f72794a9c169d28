/**
 * As-of reads: one ticket as it was at an instant, on a stream of 10,000 events, read the way
 * the API reads it (`ticketAsOf` with the snapshots table: the latest snapshot that holds at the
 * instant, then the events after it), against a plain read of the same stream up to the same
 * instant (`readStream` with `asOf`: no snapshot, no upcast, no fold), in the same run on one
 * embedded PostgreSQL server. The two alternate in rounds, each over the same seeded random
 * instants; the ratio is the engine's p50 over the baseline's. Also printed: the first read
 * (no snapshot yet: it folds the whole stream and saves the snapshots) and a full replay
 * without snapshots (what every as-of read cost before).
 *
 *   node --conditions=@support-engine/source --import tsx bench/as-of.ts
 *   BENCH_EVENTS=10000 BENCH_READS=200 BENCH_ROUNDS=3
 */
import { pathToFileURL } from 'node:url';
import { createDomainEventRegistry } from '@support-engine/domain';
import { type TicketEvent, ticketDecider } from '@support-engine/domain/ticket';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { createReadModelDb, migrateReadModels, SNAPSHOT_INTERVAL, ticketAsOf } from '@support-engine/projections';
import { startPostgres } from '@support-engine/servers';
import { median, quantile, seededRandom } from './lib/measure.js';

/** Options of {@link runAsOfBench}. */
export interface AsOfBenchOptions {
  /** Events of the ticket's stream; 10,000 by default. */
  events?: number;
  /** Reads per subject and round; 200 by default. */
  reads?: number;
  /** Rounds, alternating which subject goes first; 3 by default. */
  rounds?: number;
}

/** Latencies of one subject over all rounds, in milliseconds. */
export interface Latencies {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The measurements of one run. */
export interface AsOfBenchResult {
  readonly events: number;
  readonly reads: number;
  readonly engine: Latencies;
  readonly baseline: Latencies;
  /** The engine's p50 over the baseline's, per round and their median. */
  readonly ratio: number;
  readonly perRound: readonly number[];
  /** The first as-of read: no snapshot yet, it folds the whole stream and saves the snapshots. */
  readonly firstReadMs: number;
  readonly snapshotsSaved: number;
  /** A full replay without snapshots (every as-of read before snapshots), p50 of a few. */
  readonly fullReplayMs: number;
}

const TICKET = 'bench-as-of';
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const SECOND = 1_000;
const BATCH = 500;

/** The ticket's events from its own decider: opened, then priority changes and customer replies. */
function ticketEvents(count: number): TicketEvent[] {
  const supervisor = { id: 'sup-1', role: 'supervisor' } as const;
  const customer = { id: 'cust-1', role: 'customer' } as const;
  const events: TicketEvent[] = [];
  let state = ticketDecider.initialState;
  let priority: 'high' | 'low' = 'low';
  for (let i = 0; events.length < count; i++) {
    const now = new Date(T0 + i * SECOND);
    if (i > 0 && i % 3 !== 0) priority = priority === 'high' ? 'low' : 'high';
    const command =
      i === 0
        ? {
            type: 'OpenTicket' as const,
            data: {
              ticketId: TICKET,
              customerId: 'cust-1',
              subject: 'Long',
              description: 'It goes on',
              channel: 'web' as const,
            },
          }
        : i % 3 === 0
          ? { type: 'CustomerReply' as const, data: { ticketId: TICKET, body: `Still there (${i})` } }
          : { type: 'ChangePriority' as const, data: { ticketId: TICKET, priority } };
    const actor = i === 0 || i % 3 === 0 ? customer : supervisor;
    for (const event of ticketDecider.decide(command, state, { now, actor })) {
      if (events.length === count) break;
      events.push(event);
      state = ticketDecider.evolve(state, event);
    }
  }
  return events;
}

function latencies(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1]! };
}

async function time(op: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await op();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function runAsOfBench(options: AsOfBenchOptions = {}): Promise<AsOfBenchResult> {
  const { events: count = 10_000, reads = 200, rounds = 3 } = options;
  const server = await startPostgres();
  try {
    const connectionString = await server.createDatabase('as_of_bench');
    // Each batch is recorded a second apart, so instants fall anywhere in the stream.
    const clock = { now: new Date(T0) };
    const store = createPostgresEventStore({ connectionString, clock: () => clock.now });
    await migrateEventStore(store.db);
    const db = createReadModelDb(connectionString);
    await migrateReadModels(db);
    const registry = createDomainEventRegistry();
    try {
      const streamId = `ticket-${TICKET}`;
      const events = ticketEvents(count);
      for (let from = 0; from < events.length; from += BATCH) {
        clock.now = new Date(T0 + (from / BATCH) * SECOND);
        const batch = events.slice(from, from + BATCH).map((event) => ({
          type: event.type,
          data: event.data,
          schemaVersion: registry.currentVersion(event.type),
        }));
        await store.append(streamId, batch, { expectedVersion: from });
      }
      const batches = Math.ceil(count / BATCH);
      const random = seededRandom(42);
      // From the first batch's instant to a little after the last one's.
      const instants = Array.from(
        { length: reads },
        () => new Date(T0 + Math.floor(random() * (batches + 1) * SECOND)),
      );
      const latest = new Date(T0 + batches * SECOND);

      const fullReplays: number[] = [];
      for (let i = 0; i < 5; i++) fullReplays.push(await time(() => ticketAsOf(store, TICKET, latest, { registry })));
      const firstReadMs = await time(() => ticketAsOf(store, TICKET, latest, { snapshots: db, registry }));
      const { n } = await db
        .selectFrom('ticket_snapshots')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();

      const engine = async () => {
        const samples: number[] = [];
        for (const instant of instants) {
          samples.push(await time(() => ticketAsOf(store, TICKET, instant, { snapshots: db, registry })));
        }
        return samples;
      };
      const baseline = async () => {
        const samples: number[] = [];
        for (const instant of instants) samples.push(await time(() => store.readStream(streamId, { asOf: instant })));
        return samples;
      };
      const all = { engine: [] as number[], baseline: [] as number[] };
      const perRound: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // Alternate who goes first, so a drift in the machine's load hits both subjects alike.
        const [first, second] = round % 2 === 0 ? [engine, baseline] : [baseline, engine];
        const a = await first();
        const b = await second();
        const [e, p] = round % 2 === 0 ? [a, b] : [b, a];
        all.engine.push(...e);
        all.baseline.push(...p);
        perRound.push(latencies(e).p50 / latencies(p).p50);
      }
      return {
        events: count,
        reads: reads * rounds,
        engine: latencies(all.engine),
        baseline: latencies(all.baseline),
        ratio: median(perRound),
        perRound,
        firstReadMs,
        snapshotsSaved: Number(n),
        fullReplayMs: median(fullReplays),
      };
    } finally {
      await db.destroy();
      await store.close();
    }
  } finally {
    await server.stop();
  }
}

/** The result as plain text. */
export function formatAsOfBench(r: AsOfBenchResult): string {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const row = (name: string, l: Latencies) =>
    `${name.padEnd(44)} p50 ${ms(l.p50).padStart(9)}  p99 ${ms(l.p99).padStart(9)}  max ${ms(l.max).padStart(9)}`;
  return [
    `one ticket of ${r.events} events, ${r.reads} reads per subject at seeded random instants`,
    row('engine: ticketAsOf (snapshot + tail, folded)', r.engine),
    row('baseline: readStream as of the instant', r.baseline),
    `engine p50 / baseline p50: ${r.ratio.toFixed(2)} (median of rounds ${r.perRound.map((x) => x.toFixed(2)).join(', ')})`,
    `first read (no snapshot yet): ${ms(r.firstReadMs)}, saved ${r.snapshotsSaved} snapshots (every ${SNAPSHOT_INTERVAL} events)`,
    `full replay without snapshots (median of 5): ${ms(r.fullReplayMs)}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const result = await runAsOfBench({
    events: number('BENCH_EVENTS'),
    reads: number('BENCH_READS'),
    rounds: number('BENCH_ROUNDS'),
  });
  console.log(formatAsOfBench(result));
}
