/**
 * The event store with a large log: with `BENCH_LOG_EVENTS` events already in it (ticket lives,
 * ten events each, 1,000,000 by default; the scale figure in `bench/README.md` is at
 * 10,000,000), two measurements, each against its baseline in the same run on the same server:
 *
 * - Append: `append.ts`'s comparison (single-event commands through the command handler as the
 *   engine runs it, against raw INSERTs), with `events` and `raw_events` both holding the log.
 * - Catch-up read: what a projector or reactor far behind pays, `readAll` (gap-safe: bounded by
 *   the oldest open transaction, ordered by transaction id and position) in pages of 10,000
 *   from the middle of the log, against a plain keyset read of the same number of rows by
 *   position with `pg` (no snapshot bound, rows left as arrays); rounds alternate the two.
 *
 * The ticket list at the same scale is `api.ts` with `BENCH_TICKETS` set (a log of N events
 * makes N / 10 tickets).
 *
 *   node --conditions=@support-engine/source --import tsx bench/store-scale.ts
 *   # BENCH_LOG_EVENTS=10000000 BENCH_READ_EVENTS=1000000 BENCH_ROUNDS=4 BENCH_COMMANDS=20000
 *
 * Targets: as at a small log (append >= 0.5x; the catch-up read is a diagnostic: it must not
 * fall with the log's size).
 */
import { pathToFileURL } from 'node:url';
import type { Checkpoint } from '@support-engine/eventstore';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import { startPostgres } from '@support-engine/servers';
import pg from 'pg';
import { createRawEvents, formatAppendBench, measureAppend } from './append.js';
import { alternately, fromEnv, median } from './lib/measure.js';
import { EVENTS_PER_TICKET, writeEvents } from './lib/ticket-lives.js';

const PAGE = 10_000;

/** Events/s of `readAll` from `from` over `count` events, page by page. */
async function gapSafeRead(store: ReturnType<typeof createPostgresEventStore>, from: Checkpoint, count: number) {
  const started = performance.now();
  let after = from;
  let read = 0;
  while (read < count) {
    const page = await store.readAll(after, { limit: Math.min(PAGE, count - read) });
    if (page.length === 0) break;
    read += page.length;
    after = page.at(-1)!.checkpoint;
  }
  return read / ((performance.now() - started) / 1000);
}

/** Events/s of a plain keyset read by position from `position` over `count` rows. */
async function plainRead(pool: pg.Pool, position: bigint, count: number) {
  const started = performance.now();
  let after = position;
  let read = 0;
  while (read < count) {
    const { rows } = await pool.query<unknown[]>({
      text: 'select * from events where global_position > $1 order by global_position limit $2',
      values: [after.toString(), Math.min(PAGE, count - read)],
      rowMode: 'array',
    });
    if (rows.length === 0) break;
    read += rows.length;
    after = BigInt(rows.at(-1)![0] as string);
  }
  return read / ((performance.now() - started) / 1000);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const logEvents = fromEnv('BENCH_LOG_EVENTS', 1_000_000);
  const readEvents = fromEnv('BENCH_READ_EVENTS', Math.min(1_000_000, logEvents / 2));
  const rounds = fromEnv('BENCH_ROUNDS', 4);
  const server = await startPostgres();
  try {
    const connectionString = await server.createDatabase('store_scale_bench');
    const store = createPostgresEventStore({ connectionString, maxConnections: 2, listen: false });
    await migrateEventStore(store.db);
    const pool = new pg.Pool({ connectionString, max: 2 });
    pool.on('error', () => {});
    try {
      await createRawEvents(store.db);
      let started = performance.now();
      await writeEvents(pool, Math.floor(logEvents / EVENTS_PER_TICKET));
      const written = Number((await pool.query('select count(*) as n from events')).rows[0].n);
      console.log(`log: ${written} events written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      started = performance.now();
      await pool.query('insert into raw_events overriding system value select * from events');
      await pool.query(
        "select setval(pg_get_serial_sequence('raw_events', 'global_position'), (select max(global_position) from raw_events))",
      );
      await pool.query('vacuum analyze events');
      await pool.query('vacuum analyze raw_events');
      await pool.query('checkpoint');
      const size = (await pool.query(`select pg_size_pretty(pg_total_relation_size('events')) as size`)).rows[0].size;
      console.log(
        `raw_events filled alike, both vacuumed in ${((performance.now() - started) / 1000).toFixed(0)} s; events: ${size}`,
      );

      const { rows } = await pool.query<{ transaction_id: string; global_position: string }>(
        `select transaction_id::text, global_position from events order by transaction_id, global_position
         offset $1 limit 1`,
        [Math.floor(written / 2)],
      );
      const middle: Checkpoint = {
        transactionId: BigInt(rows[0]!.transaction_id),
        globalPosition: BigInt(rows[0]!.global_position),
      };
      const rates = { gapSafe: [] as number[], plain: [] as number[] };
      for (let round = 0; round < rounds; round++) {
        await alternately(
          round,
          async () => rates.gapSafe.push(await gapSafeRead(store, middle, readEvents)),
          async () => rates.plain.push(await plainRead(pool, middle.globalPosition, readEvents)),
        );
      }
      const each = rates.gapSafe.map((rate, i) => rate / rates.plain[i]!);
      const rate = (values: number[]) => `${Math.round(median(values)).toLocaleString('en-US')} events/s`;
      console.log(`catch-up read of ${readEvents} events from the middle of the log, median of ${rounds} rounds:`);
      console.log(`  readAll (gap-safe): ${rate(rates.gapSafe)}; plain keyset read: ${rate(rates.plain)}`);
      console.log(`  ratio ${median(each).toFixed(2)}x (rounds ${each.map((r) => r.toFixed(2)).join(', ')})`);

      console.log(`append with ${written} events in the log:`);
      console.log(
        formatAppendBench(
          await measureAppend(connectionString, { commands: fromEnv('BENCH_COMMANDS', 20_000), rounds }),
        ),
      );
    } finally {
      await Promise.all([pool.end(), store.close()]);
    }
  } finally {
    await server.stop();
  }
}
