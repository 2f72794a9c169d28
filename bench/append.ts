/**
 * Append throughput: the command handler (load, decide, append through `append_events`)
 * against a raw `pg` INSERT loop into an identical table, on one embedded PostgreSQL server
 * in the same run, so both pay the same fsync/synchronous_commit. Prints ops/s and the ratio.
 *
 *   node --conditions=source --import tsx bench/append.ts
 */
import { pathToFileURL } from 'node:url';
import { type Decider, EventSchemaRegistry } from '@support-engine/domain';
import { createCommandHandler, createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore';
import { startPostgres } from '@support-engine/servers';
import { sql } from 'kysely';
import pg from 'pg';

/** Options of {@link runAppendBench}. */
export interface AppendBenchOptions {
  /** Single-event commands per measurement; 20,000 by default. */
  commands?: number;
  /** Streams the commands are spread over (round robin); 1,000 by default. */
  streams?: number;
  /** Concurrent writers per measurement; `[1, 8]` by default. */
  concurrencies?: readonly number[];
}

/** One measurement. */
export interface AppendBenchRow {
  readonly subject: 'command handler' | 'raw INSERT';
  readonly concurrency: number;
  readonly operations: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
}

/** All measurements, the handler/raw ratio per concurrency, and the durability they ran with. */
export interface AppendBenchResult {
  readonly rows: readonly AppendBenchRow[];
  readonly ratios: readonly { readonly concurrency: number; readonly handlerOverRaw: number }[];
  readonly durability: { readonly fsync: string; readonly synchronousCommit: string };
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
  readonly commands: number;
  readonly streams: number;
}

/** Seconds for `commands` single-event commands through the handler, after a warm-up on other streams. */
async function measureHandler({ connectionString, concurrency, commands, streams }: Workload): Promise<number> {
  const store = createPostgresEventStore({ connectionString, maxConnections: concurrency });
  try {
    const handler = createCommandHandler({
      store,
      decider: ticker,
      registry: new EventSchemaRegistry().register('ticked'),
    });
    const context = { now: new Date(), actor: { id: 'bench', role: 'system' as const } };
    const handle = (run: string) => (i: number) =>
      handler.handle({ streamId: `${run}-${i % streams}`, command: null, context, commandId: `${run}-${i}` });
    await timed(WARMUP, concurrency, handle(`warm-handler-c${concurrency}`));
    return await timed(commands, concurrency, handle(`handler-c${concurrency}`));
  } finally {
    await store.close();
  }
}

/** Seconds for `commands` plain INSERTs (versions counted client-side) into `raw_events`. */
async function measureRawInsert({ connectionString, concurrency, commands, streams }: Workload): Promise<number> {
  const pool = new pg.Pool({ connectionString, max: concurrency });
  pool.on('error', () => {}); // a broken idle connection is replaced; the measurement fails loudly elsewhere
  try {
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
    await timed(WARMUP, concurrency, insert(`warm-raw-c${concurrency}`));
    return await timed(commands, concurrency, insert(`raw-c${concurrency}`));
  } finally {
    await pool.end();
  }
}

/** Runs `operations` calls of `op` with `concurrency` workers and returns the elapsed seconds. */
async function timed(operations: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < operations; i = next++) await op(i);
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Measures the command handler against raw INSERTs on a fresh embedded PostgreSQL. */
export async function runAppendBench(options: AppendBenchOptions = {}): Promise<AppendBenchResult> {
  const { commands = 20_000, streams = 1_000, concurrencies = [1, 8] } = options;
  const server = await startPostgres();
  try {
    const connectionString = await server.createDatabase('append_bench');
    const admin = createPostgresEventStore({ connectionString, maxConnections: 1 });
    await migrateEventStore(admin.db);
    // The same columns, defaults, identity and indexes as `events`, without the functions on top.
    await sql`create table raw_events (like events including all)`.execute(admin.db);
    const { rows: settings } = await sql<{ fsync: string; synchronous_commit: string }>`
      select current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit`.execute(
      admin.db,
    );
    await admin.close();

    const rows: AppendBenchRow[] = [];
    const row = (subject: AppendBenchRow['subject'], concurrency: number, seconds: number) =>
      rows.push({ subject, concurrency, operations: commands, seconds, opsPerSecond: commands / seconds });
    for (const concurrency of concurrencies) {
      const workload = { connectionString, concurrency, commands, streams };
      row('command handler', concurrency, await measureHandler(workload));
      row('raw INSERT', concurrency, await measureRawInsert(workload));
    }

    const ratios = concurrencies.map((concurrency) => {
      const of = (subject: AppendBenchRow['subject']) =>
        rows.find((r) => r.subject === subject && r.concurrency === concurrency)!.opsPerSecond;
      return { concurrency, handlerOverRaw: of('command handler') / of('raw INSERT') };
    });
    const durability = { fsync: settings[0]!.fsync, synchronousCommit: settings[0]!.synchronous_commit };
    return { rows, ratios, durability };
  } finally {
    await server.stop();
  }
}

/** The result as a plain-text table. */
export function formatAppendBench(result: AppendBenchResult): string {
  const lines = [
    `fsync=${result.durability.fsync} synchronous_commit=${result.durability.synchronousCommit}`,
    'subject           concurrency  operations  seconds     ops/s',
    ...result.rows.map(
      (r) =>
        `${r.subject.padEnd(16)}  ${String(r.concurrency).padStart(11)}  ${String(r.operations).padStart(10)}  ${r.seconds
          .toFixed(2)
          .padStart(7)}  ${r.opsPerSecond.toFixed(0).padStart(8)}`,
    ),
    ...result.ratios.map((r) => `handler / raw at concurrency ${r.concurrency}: ${r.handlerOverRaw.toFixed(2)}`),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const commands = process.env.BENCH_COMMANDS ? Number(process.env.BENCH_COMMANDS) : undefined;
  console.log(formatAppendBench(await runAppendBench({ commands })));
}
