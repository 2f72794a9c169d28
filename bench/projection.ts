/**
 * Projection rebuild throughput: replays N ticket events from zero into fresh ticket read
 * models (tickets, messages, status counts, report rollup, customers, inbox) through the real projector path
 * (gap-safe reads, upcast, schema validation, in-memory fold, SLA calculator, checkpointed
 * batches), and compares it with the floor: a batched multi-row upsert of the same final rows
 * with plain `pg` into identical tables, measured on the same embedded PostgreSQL in the same
 * run. Prints events/s of both and their ratio (target >= 0.5).
 *
 * SLA clocks run on the default standard policy, with its business-hours calendar (weekly
 * windows in Asia/Dubai), so the rebuild pays the real SLA computation of every ticket.
 *
 *   node --conditions=source --import tsx bench/projection.ts      # BENCH_EVENTS=100000 for a short run
 */
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { TicketEvent } from '@support-engine/domain';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import {
  createReadModelDb,
  createTicketsProjection,
  migrateReadModels,
  rebuildProjection,
  tableContentHash,
} from '@support-engine/projections';
import { startPostgres } from '@support-engine/servers';
import pg from 'pg';
import { EVENTS_PER_TICKET, ticketEvents, writeEvents } from './lib/ticket-lives.js';

/** Options of {@link runProjectionBench}. */
export interface ProjectionBenchOptions {
  /** Ticket events to write and replay; rounded down to whole tickets of 10 events. */
  readonly events?: number;
  /** Where progress goes; stdout by default. */
  readonly out?: Writable;
}

/** What the bench measured. */
export interface ProjectionBenchResult {
  readonly events: number;
  readonly tickets: number;
  readonly writeSeconds: number;
  readonly rebuildSeconds: number;
  readonly rebuildEventsPerSecond: number;
  readonly baselineSeconds: number;
  /** The same events over the time the plain upsert of the final rows took. */
  readonly baselineEventsPerSecond: number;
  /** Rebuild events/s over baseline events/s. */
  readonly ratio: number;
  /** The baseline tables hash like the rebuilt ones: it wrote exactly the same rows. */
  readonly sameRows: boolean;
}

const TABLES = createTicketsProjection().tables;
/** How many leading columns make each table's key (one unless listed). */
const KEY_COLUMNS: Readonly<Record<string, number>> = { ticket_report_rollup: 4 };

/** The rebuilt tables' rows (json columns as text, as they are sent back), to upsert again in the baseline. */
async function readRows(
  pool: pg.Pool,
  schema: string,
  table: string,
): Promise<{ columns: string[]; rows: unknown[][] }> {
  const { rows: described } = await pool.query<{ column_name: string; data_type: string }>(
    `select column_name, data_type from information_schema.columns
     where table_schema = $1 and table_name = $2 and is_generated = 'NEVER' order by ordinal_position`,
    [schema, table],
  );
  const select = described.map((c) => (c.data_type === 'jsonb' ? `${c.column_name}::text` : c.column_name));
  const result = await pool.query({ text: `select ${select.join(', ')} from ${schema}.${table}`, rowMode: 'array' });
  return { columns: described.map((c) => c.column_name), rows: result.rows };
}

/**
 * The floor: multi-row `insert ... on conflict do update` of the final rows, up to 1,000 rows a
 * statement (fewer for wide tables: a statement takes at most 65,535 parameters).
 */
async function upsertRows(pool: pg.Pool, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const keys = KEY_COLUMNS[table] ?? 1;
  const update = columns
    .slice(keys)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  const perStatement = Math.min(1000, Math.floor(60_000 / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement);
    const values = slice.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    const params = slice.flat();
    await pool.query(
      `insert into ${table} (${columns.join(', ')}) values ${values.join(', ')} on conflict (${columns.slice(0, keys).join(', ')}) do update set ${update}`,
      params,
    );
  }
}

/** Runs the whole bench on a fresh embedded PostgreSQL and returns the numbers. */
export async function runProjectionBench(options: ProjectionBenchOptions = {}): Promise<ProjectionBenchResult> {
  const tickets = Math.max(1, Math.floor((options.events ?? 1_000_000) / EVENTS_PER_TICKET));
  const events = tickets * EVENTS_PER_TICKET;
  const out = options.out ?? process.stdout;
  for (const event of ticketEvents(0)) TicketEvent.parse(event);

  const server = await startPostgres();
  try {
    const connectionString = await server.createDatabase('projection_bench');
    const store = createPostgresEventStore({ connectionString, listen: false });
    await migrateEventStore(store.db);
    const pool = new pg.Pool({ connectionString, max: 2 });
    const baseline = createReadModelDb(connectionString, { schema: 'baseline', maxConnections: 1 });
    const baselinePool = new pg.Pool({ connectionString, max: 1, options: '-c search_path=baseline' });
    // Idle clients may still be closing when the server stops; that is not the run's failure.
    for (const idle of [pool, baselinePool]) idle.on('error', () => {});
    try {
      out.write(`writing ${events} events (${tickets} tickets)...\n`);
      let started = performance.now();
      await writeEvents(pool, tickets);
      const writeSeconds = (performance.now() - started) / 1000;
      await pool.query('vacuum analyze events');

      out.write('rebuilding the ticket read models from zero:\n');
      const rebuilt = await rebuildProjection({
        store,
        connectionString,
        projection: createTicketsProjection(),
        schema: 'rebuilt',
        batchSize: 10_000,
        progress: out,
        totalEvents: events,
      });

      await pool.query('create schema baseline');
      await migrateReadModels(baseline);
      const finalRows = [];
      for (const table of TABLES) finalRows.push({ table, ...(await readRows(pool, 'rebuilt', table)) });
      out.write('upserting the same final rows with plain pg...\n');
      started = performance.now();
      for (const { table, columns, rows } of finalRows) await upsertRows(baselinePool, table, columns, rows);
      const baselineSeconds = (performance.now() - started) / 1000;

      let sameRows = true;
      for (const table of TABLES) {
        const [a, b] = [
          await tableContentHash(baseline, table, 'rebuilt'),
          await tableContentHash(baseline, table, 'baseline'),
        ];
        sameRows &&= a.md5 === b.md5;
      }
      const rebuildSeconds = rebuilt.elapsedMs / 1000;
      const baselineEventsPerSecond = events / baselineSeconds;
      return {
        events,
        tickets,
        writeSeconds,
        rebuildSeconds,
        rebuildEventsPerSecond: rebuilt.eventsPerSecond,
        baselineSeconds,
        baselineEventsPerSecond,
        ratio: rebuilt.eventsPerSecond / baselineEventsPerSecond,
        sameRows,
      };
    } finally {
      await Promise.all([baselinePool.end(), baseline.destroy(), pool.end(), store.close()]);
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runProjectionBench({ events: Number(process.env.BENCH_EVENTS ?? 1_000_000) });
  const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} events/s`;
  console.log(`events written:   ${result.events} in ${result.writeSeconds.toFixed(1)} s`);
  console.log(`rebuild:          ${rate(result.rebuildEventsPerSecond)} (${result.rebuildSeconds.toFixed(1)} s)`);
  console.log(
    `plain pg upsert:  ${rate(result.baselineEventsPerSecond)} (${result.baselineSeconds.toFixed(1)} s, final rows only)`,
  );
  console.log(`ratio:            ${result.ratio.toFixed(2)}x (target >= 0.5x); same rows: ${result.sameRows}`);
}
