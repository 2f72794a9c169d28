/**
 * Append throughput: the command handler as the engine's processes run it (decide, append
 * through `append_events`; its state cache on at `DEFAULT_STATE_CACHE`, so a stream it has seen
 * is not read again) against a raw `pg` INSERT loop into
 * an identical table, on one embedded PostgreSQL server in the same run, so both pay the same
 * fsync/synchronous_commit. Disk speed drifts during a run, so each concurrency runs in rounds
 * that alternate the two subjects (handler, raw, raw, handler, ...); every round's ratio is
 * handler ops/s over raw ops/s, and the median of them is the headline. Prints ops/s and ratios,
 * then the bytes each table holds per row (with its indexes, and alone) after the run.
 *
 *   node --conditions=@support-engine/source --import tsx bench/append.ts
 *   BENCH_COMMANDS=20000 BENCH_ROUNDS=4 BENCH_CACHE_STREAMS=0 (0 turns the cache off)
 */
import { pathToFileURL } from 'node:url';
import { type Decider, EventSchemaRegistry } from '@support-engine/domain';
import { createCommandHandler, DEFAULT_STATE_CACHE } from '@support-engine/eventstore';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { startPostgres } from '@support-engine/servers';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { alternately, median, timed } from './lib/measure.js';

/** Options of {@link runAppendBench}. */
export interface AppendBenchOptions {
  /** Single-event commands per subject and concurrency, split evenly over the rounds; 20,000 by default. */
  commands?: number;
  /** Streams the commands are spread over (round robin); 1,000 by default. */
  streams?: number;
  /** Concurrent writers per measurement; `[1, 8]` by default. */
  concurrencies?: readonly number[];
  /** Rounds per concurrency, alternating which subject goes first; 4 by default. */
  rounds?: number;
  /** `maxStreams` of the handler's state cache; the engine's default by default, 0 turns the cache off. */
  cacheStreams?: number;
}

/** One subject at one concurrency, summed over its rounds. */
export interface AppendBenchRow {
  readonly subject: 'command handler' | 'raw INSERT';
  readonly concurrency: number;
  readonly operations: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
}

/** The handler/raw ratio at one concurrency. */
export interface AppendBenchRatio {
  readonly concurrency: number;
  /** Median of the per-round ratios (each round ran both subjects back to back). */
  readonly handlerOverRaw: number;
  /** Handler ops/s over raw ops/s of each round, in order. */
  readonly perRound: readonly number[];
  /** Total handler ops/s over total raw ops/s. */
  readonly overall: number;
}

/** What one table holds per row once the run is over. */
export interface AppendBenchStorage {
  readonly table: 'events' | 'raw_events';
  readonly rows: number;
  /** Table, TOAST and indexes (`pg_total_relation_size`) over its rows. */
  readonly bytesPerRow: number;
  /** The table's heap alone (`pg_relation_size`) over its rows. */
  readonly tableBytesPerRow: number;
}

/** All measurements, the handler/raw ratios, the handler's cache and the durability they ran with. */
export interface AppendBenchResult {
  readonly rows: readonly AppendBenchRow[];
  readonly ratios: readonly AppendBenchRatio[];
  /** The events table the handler wrote, then the raw table, as they are after the run. */
  readonly storage: readonly AppendBenchStorage[];
  readonly durability: { readonly fsync: string; readonly synchronousCommit: string };
  /** The handler's state cache, `undefined` when off. */
  readonly cache: { readonly maxStreams: number } | undefined;
}

type Tick = { type: 'ticked'; data: Record<string, never> };

// The cheapest possible decider, so the numbers measure the store and handler, not the domain.
const ticker: Decider<null, Tick, number> = {
  initialState: 0,
  decide: () => [{ type: 'ticked', data: {} }],
  evolve: (count) => count + 1,
};

const WARMUP = 300;

interface Workload {
  readonly connectionString: string;
  readonly concurrency: number;
  readonly streams: number;
}

/** A writer that stays open over all rounds of one concurrency (as a long-lived process would). */
interface Subject {
  /** Seconds for commands `from` to `from + count - 1`, by `concurrency` workers. */
  measure(from: number, count: number): Promise<number>;
  close(): Promise<void>;
}

/** Single-event commands through the handler, warmed up on other streams. */
async function handlerSubject(
  { connectionString, concurrency, streams }: Workload,
  cache: AppendBenchResult['cache'],
): Promise<Subject> {
  const store = createPostgresEventStore({ connectionString, maxConnections: concurrency });
  const handler = createCommandHandler({
    store,
    decider: ticker,
    registry: new EventSchemaRegistry().register('ticked'),
    ...(cache && { cache }),
  });
  const context = { now: new Date(), actor: { id: 'bench', role: 'system' as const } };
  const handle = (run: string) => (i: number) =>
    handler.handle({ streamId: `${run}-${i % streams}`, command: null, context, commandId: `${run}-${i}` });
  // Named as long as the raw subject's streams, so both tables store and index the same bytes.
  await timed(0, WARMUP, concurrency, handle(`warm-cmd-c${concurrency}`));
  const op = handle(`cmd-c${concurrency}`);
  return { measure: (from, count) => timed(from, count, concurrency, op), close: () => store.close() };
}

/** Plain INSERTs (versions counted client-side) into `raw_events`, warmed up on other streams. */
async function rawSubject({ connectionString, concurrency, streams }: Workload): Promise<Subject> {
  const pool = new pg.Pool({ connectionString, max: concurrency });
  pool.on('error', () => {}); // a broken idle connection is replaced; the measurement fails loudly elsewhere
  const insert = (run: string) => {
    const versions = new Map<string, number>();
    return (i: number) => {
      const streamId = `${run}-${i % streams}`;
      const version = (versions.get(streamId) ?? 0) + 1;
      versions.set(streamId, version);
      return pool.query(
        `insert into raw_events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at, hash)
         values ($1, $2, 'ticked', 1, '{}', $3, now(), 'raw')`,
        [streamId, version, JSON.stringify({ actorId: 'bench', actorRole: 'system', commandId: `${run}-${i}` })],
      );
    };
  };
  await timed(0, WARMUP, concurrency, insert(`warm-raw-c${concurrency}`));
  const op = insert(`raw-c${concurrency}`);
  return { measure: (from, count) => timed(from, count, concurrency, op), close: () => pool.end() };
}

/** Measures the command handler against raw INSERTs on a fresh embedded PostgreSQL. */
export async function runAppendBench(options: AppendBenchOptions = {}): Promise<AppendBenchResult> {
  const server = await startPostgres();
  try {
    const connectionString = await server.createDatabase('append_bench');
    const admin = createPostgresEventStore({ connectionString, maxConnections: 1 });
    await migrateEventStore(admin.db);
    await createRawEvents(admin.db);
    await admin.close();
    return await measureAppend(connectionString, options);
  } finally {
    await server.stop();
  }
}

/** `raw_events`: the same columns, defaults, identity and indexes as `events`, without the functions on top. */
export async function createRawEvents<T>(db: Kysely<T>): Promise<void> {
  await sql`create table raw_events (like events including all)`.execute(db);
}

/**
 * Measures the command handler against raw INSERTs into `raw_events` on a database whose store
 * is migrated and which has that table (whatever either already holds).
 */
export async function measureAppend(
  connectionString: string,
  options: AppendBenchOptions = {},
): Promise<AppendBenchResult> {
  const {
    commands = 20_000,
    streams = 1_000,
    concurrencies = [1, 8],
    rounds = 4,
    cacheStreams = DEFAULT_STATE_CACHE.maxStreams,
  } = options;
  const cache = cacheStreams > 0 ? { maxStreams: cacheStreams } : undefined;
  const perRound = Math.ceil(commands / rounds);
  const settingsPool = new pg.Pool({ connectionString, max: 1 });
  const { rows: settings } = await settingsPool
    .query<{ fsync: string; synchronous_commit: string }>(
      `select current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit`,
    )
    .finally(() => settingsPool.end());
  const rows: AppendBenchRow[] = [];
  const ratios: AppendBenchRatio[] = [];
  for (const concurrency of concurrencies) {
    const workload = { connectionString, concurrency, streams };
    const handler = await handlerSubject(workload, cache);
    const raw = await rawSubject(workload);
    try {
      const seconds = { handler: [] as number[], raw: [] as number[] };
      for (let round = 0; round < rounds; round++) {
        const from = round * perRound;
        await alternately(
          round,
          async () => seconds.handler.push(await handler.measure(from, perRound)),
          async () => seconds.raw.push(await raw.measure(from, perRound)),
        );
      }
      const total = (subject: AppendBenchRow['subject'], list: number[]) => {
        const elapsed = list.reduce((a, b) => a + b, 0);
        const operations = perRound * rounds;
        const row = { subject, concurrency, operations, seconds: elapsed, opsPerSecond: operations / elapsed };
        rows.push(row);
        return row.opsPerSecond;
      };
      const handlerOps = total('command handler', seconds.handler);
      const rawOps = total('raw INSERT', seconds.raw);
      // Equal operation counts per round, so the ops/s ratio is the inverse ratio of times.
      const each = seconds.handler.map((h, i) => seconds.raw[i]! / h);
      ratios.push({ concurrency, handlerOverRaw: median(each), perRound: each, overall: handlerOps / rawOps });
    } finally {
      await handler.close();
      await raw.close();
    }
  }
  const durability = { fsync: settings[0]!.fsync, synchronousCommit: settings[0]!.synchronous_commit };
  return { rows, ratios, storage: await measureStorage(connectionString), durability, cache };
}

/** Bytes per row of `events` and `raw_events` (both hold every subject's rows, warm-ups included). */
async function measureStorage(connectionString: string): Promise<AppendBenchStorage[]> {
  const pool = new pg.Pool({ connectionString, max: 1 });
  try {
    const storage: AppendBenchStorage[] = [];
    for (const table of ['events', 'raw_events'] as const) {
      const { rows } = await pool.query<{ rows: string; total: string; heap: string }>(
        `select count(*) as rows, pg_total_relation_size('${table}') as total, pg_relation_size('${table}') as heap
         from ${table}`,
      );
      const count = Number(rows[0]!.rows);
      storage.push({
        table,
        rows: count,
        bytesPerRow: Number(rows[0]!.total) / count,
        tableBytesPerRow: Number(rows[0]!.heap) / count,
      });
    }
    return storage;
  } finally {
    await pool.end();
  }
}

/** The result as a plain-text table. */
export function formatAppendBench(result: AppendBenchResult): string {
  const lines = [
    `fsync=${result.durability.fsync} synchronous_commit=${result.durability.synchronousCommit}`,
    `command handler state cache: ${result.cache ? `on (maxStreams ${result.cache.maxStreams})` : 'off'}`,
    'subject           concurrency  operations  seconds     ops/s',
    ...result.rows.map(
      (r) =>
        `${r.subject.padEnd(16)}  ${String(r.concurrency).padStart(11)}  ${String(r.operations).padStart(10)}  ${r.seconds
          .toFixed(2)
          .padStart(7)}  ${r.opsPerSecond.toFixed(0).padStart(8)}`,
    ),
    ...result.ratios.map(
      (r) =>
        `handler / raw at concurrency ${r.concurrency}: ${r.handlerOverRaw.toFixed(2)} (median of rounds ${r.perRound
          .map((x) => x.toFixed(2))
          .join(', ')}; totals ${r.overall.toFixed(2)})`,
    ),
    ...result.storage.map(
      (s) =>
        `${s.table.padEnd(10)}  ${s.rows} rows: ${s.bytesPerRow.toFixed(0)} bytes per row with its indexes, ${s.tableBytesPerRow.toFixed(0)} in the table alone`,
    ),
  ];
  const [events, raw] = result.storage;
  if (events && raw) {
    lines.push(
      `events / raw_events bytes per row: ${(events.bytesPerRow / raw.bytesPerRow).toFixed(2)} with indexes, ${(events.tableBytesPerRow / raw.tableBytesPerRow).toFixed(2)} table alone`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const result = await runAppendBench({
    commands: number('BENCH_COMMANDS'),
    rounds: number('BENCH_ROUNDS'),
    cacheStreams: number('BENCH_CACHE_STREAMS'),
  });
  console.log(formatAppendBench(result));
}
