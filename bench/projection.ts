/**
 * Projection rebuild throughput, in two parts, each against its floor measured on the same
 * embedded PostgreSQL in the same run: a batched multi-row upsert of the same final rows with
 * plain `pg` into identical tables. Prints events/s of both and their ratio (target >= 0.5).
 *
 * Tickets: replays N ticket events from zero into fresh ticket read models (tickets, messages,
 * status counts, report rollup, customers, inbox) through the real projector path (gap-safe
 * reads, upcast, schema validation, in-memory fold, SLA calculator, checkpointed batches).
 * SLA clocks run on the default standard policy, with its business-hours calendar (weekly
 * windows in Asia/Dubai), so the rebuild pays the real SLA computation of every ticket.
 *
 * Chats and agents: a team of 200 agents and N chat lives (about ten events each, with the
 * agents' slots reserved and given back, breaks and profile changes; `lib/chat-lives.ts`),
 * replayed into the chats read models (sessions, messages, holds, queue, the chats' view of
 * agents) and into the agents read models (agents, presence), one rebuild each over the same
 * log; each is compared with the upsert of its own tables' final rows.
 *
 *   node --conditions=@support-engine/source --import tsx bench/projection.ts
 *   BENCH_EVENTS=100000 ...    ticket events (1,000,000 by default; 0 skips the tickets part)
 *   BENCH_CHATS=20000 ...      chat lives (100,000 by default, about 1,080,000 events; 0 skips the part)
 *   BENCH_KB_ARTICLES=1000 ... knowledge-base articles (5,000 by default, about 33 events each,
 *                              views most of them; 0 skips the part)
 *
 * Knowledge base: article lives and readers' views (`lib/article-lives.ts`) replayed into the
 * knowledge base's read models (articles with their search columns, versions, search heads,
 * vocabulary, votes, views).
 */
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { AgentEvent } from '@support-engine/domain/agent';
import { ArticleEvent, ArticleViewed } from '@support-engine/domain/article';
import { ChatEvent } from '@support-engine/domain/chat';
import { TicketEvent } from '@support-engine/domain/ticket';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import {
  createAgentsProjection,
  createArticlesProjection,
  createChatsProjection,
  createReadModelDb,
  createTicketsProjection,
  migrateReadModels,
  type Projection,
  rebuildProjection,
  tableContentHash,
} from '@support-engine/projections';
import { startPostgres } from '@support-engine/servers';
import pg from 'pg';
import { sampleArticleEvents, writeArticleEvents } from './lib/article-lives.js';
import { sampleChatEvents, writeChatEvents } from './lib/chat-lives.js';
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
const KEY_COLUMNS: Readonly<Record<string, number>> = {
  ticket_report_rollup: 4,
  chat_messages: 2,
  chat_holds: 2,
  agent_presence: 2,
  kb_article_versions: 2,
  kb_words: 2,
  kb_search_heads: 2,
  kb_article_votes: 3,
  kb_article_views: 3,
};

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
      `insert into ${table} (${columns.join(', ')}) values ${values.join(', ')} on conflict (${columns.slice(0, keys).join(', ')}) ${update === '' ? 'do nothing' : `do update set ${update}`}`,
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

/** Options of {@link runChatsAgentsBench}. */
export interface ChatsAgentsBenchOptions {
  /** Chat lives to write and replay (about ten events each), after the team's registration. */
  readonly chats?: number;
  /** Where progress goes; stdout by default. */
  readonly out?: Writable;
}

/** One projection's rebuild against the upsert of its own final rows. */
export interface RebuildAgainstFloor {
  readonly projection: string;
  readonly rebuildSeconds: number;
  readonly rebuildEventsPerSecond: number;
  readonly baselineSeconds: number;
  readonly baselineEventsPerSecond: number;
  readonly ratio: number;
  readonly sameRows: boolean;
}

/** What the chats-and-agents part measured. */
export interface ChatsAgentsBenchResult {
  readonly events: number;
  readonly chats: number;
  readonly writeSeconds: number;
  readonly results: readonly RebuildAgainstFloor[];
}

/** Rebuilds the chats and the agents read models from one log of chat and agent events. */
export async function runChatsAgentsBench(options: ChatsAgentsBenchOptions = {}): Promise<ChatsAgentsBenchResult> {
  const chats = Math.max(1, options.chats ?? 100_000);
  const out = options.out ?? process.stdout;
  for (const event of sampleChatEvents()) {
    if (event.type.startsWith('Agent')) AgentEvent.parse(event);
    else ChatEvent.parse(event);
  }

  const log = await rebuildFromLog(
    `${chats} chat lives and their agents' events`,
    (pool) => writeChatEvents(pool, chats),
    [createChatsProjection(), createAgentsProjection()],
    out,
  );
  return { ...log, chats };
}

/**
 * Writes a log of its own on a fresh embedded PostgreSQL with `write`, then rebuilds each of
 * `projections` from it against the upsert of its own final rows.
 */
async function rebuildFromLog(
  what: string,
  write: (pool: pg.Pool) => Promise<number>,
  projections: readonly Projection[],
  out: Writable,
): Promise<{ events: number; writeSeconds: number; results: RebuildAgainstFloor[] }> {
  const server = await startPostgres();
  try {
    const connectionString = await server.createDatabase('projection_bench');
    const store = createPostgresEventStore({ connectionString, listen: false });
    await migrateEventStore(store.db);
    const pool = new pg.Pool({ connectionString, max: 2 });
    pool.on('error', () => {});
    try {
      out.write(`writing ${what}...\n`);
      const started = performance.now();
      const events = await write(pool);
      const writeSeconds = (performance.now() - started) / 1000;
      await pool.query('vacuum analyze events');
      out.write(`${events} events written\n`);
      const results: RebuildAgainstFloor[] = [];
      for (const projection of projections) {
        results.push(await rebuildAgainstFloor(connectionString, store, pool, projection, events, out));
      }
      return { events, writeSeconds, results };
    } finally {
      await Promise.all([pool.end(), store.close()]);
    }
  } finally {
    await server.stop();
  }
}

/** What the knowledge-base part measured. */
export interface KnowledgeBaseBenchResult {
  readonly events: number;
  readonly articles: number;
  readonly writeSeconds: number;
  readonly result: RebuildAgainstFloor;
}

/** Rebuilds the knowledge base's read models from `articles` article lives and their readers' views. */
export async function runKnowledgeBaseBench(
  options: { readonly articles?: number; readonly out?: Writable } = {},
): Promise<KnowledgeBaseBenchResult> {
  const articles = Math.max(2, options.articles ?? 5_000);
  const out = options.out ?? process.stdout;
  for (const event of sampleArticleEvents()) {
    if (event.type === 'ArticleViewed') ArticleViewed.parse(event);
    else ArticleEvent.parse(event);
  }
  const { events, writeSeconds, results } = await rebuildFromLog(
    `${articles} article lives and their readers' views`,
    (pool) => writeArticleEvents(pool, articles),
    [createArticlesProjection()],
    out,
  );
  return { events, articles, writeSeconds, result: results[0]! };
}

/** Rebuilds `projection` into its own schema, then upserts its final rows into another with plain `pg`. */
async function rebuildAgainstFloor(
  connectionString: string,
  store: ReturnType<typeof createPostgresEventStore>,
  pool: pg.Pool,
  projection: Projection,
  events: number,
  out: Writable,
): Promise<RebuildAgainstFloor> {
  const rebuiltSchema = `rebuilt_${projection.name}`;
  const baselineSchema = `baseline_${projection.name}`;
  out.write(`rebuilding the ${projection.name} read models from zero:\n`);
  const rebuilt = await rebuildProjection({
    store,
    connectionString,
    projection,
    schema: rebuiltSchema,
    batchSize: 10_000,
    progress: out,
    totalEvents: events,
  });
  const baseline = createReadModelDb(connectionString, { schema: baselineSchema, maxConnections: 1 });
  const baselinePool = new pg.Pool({ connectionString, max: 1, options: `-c search_path=${baselineSchema}` });
  baselinePool.on('error', () => {});
  try {
    await pool.query(`create schema ${baselineSchema}`);
    await migrateReadModels(baseline);
    const finalRows = [];
    for (const table of projection.tables) finalRows.push({ table, ...(await readRows(pool, rebuiltSchema, table)) });
    out.write(`upserting the same final rows of ${projection.tables.join(', ')} with plain pg...\n`);
    const started = performance.now();
    for (const { table, columns, rows } of finalRows) await upsertRows(baselinePool, table, columns, rows);
    const baselineSeconds = (performance.now() - started) / 1000;
    let sameRows = true;
    for (const table of projection.tables) {
      const [a, b] = [
        await tableContentHash(baseline, table, rebuiltSchema),
        await tableContentHash(baseline, table, baselineSchema),
      ];
      sameRows &&= a.md5 === b.md5;
    }
    const baselineEventsPerSecond = rebuilt.events / baselineSeconds;
    return {
      projection: projection.name,
      rebuildSeconds: rebuilt.elapsedMs / 1000,
      rebuildEventsPerSecond: rebuilt.eventsPerSecond,
      baselineSeconds,
      baselineEventsPerSecond,
      ratio: rebuilt.eventsPerSecond / baselineEventsPerSecond,
      sameRows,
    };
  } finally {
    await Promise.all([baselinePool.end(), baseline.destroy()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} events/s`;
  const ticketEventCount = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  if (ticketEventCount > 0) {
    const result = await runProjectionBench({ events: ticketEventCount });
    console.log(`events written:   ${result.events} in ${result.writeSeconds.toFixed(1)} s`);
    console.log(`rebuild:          ${rate(result.rebuildEventsPerSecond)} (${result.rebuildSeconds.toFixed(1)} s)`);
    console.log(
      `plain pg upsert:  ${rate(result.baselineEventsPerSecond)} (${result.baselineSeconds.toFixed(1)} s, final rows only)`,
    );
    console.log(`ratio:            ${result.ratio.toFixed(2)}x (target >= 0.5x); same rows: ${result.sameRows}`);
  }
  const chatCount = Number(process.env.BENCH_CHATS ?? 100_000);
  if (chatCount > 0) {
    const result = await runChatsAgentsBench({ chats: chatCount });
    console.log(
      `chat and agent events written: ${result.events} (${result.chats} chats) in ${result.writeSeconds.toFixed(1)} s`,
    );
    for (const r of result.results) {
      console.log(`${r.projection} rebuild:  ${rate(r.rebuildEventsPerSecond)} (${r.rebuildSeconds.toFixed(1)} s)`);
      console.log(
        `${r.projection} plain pg upsert:  ${rate(r.baselineEventsPerSecond)} (${r.baselineSeconds.toFixed(1)} s, final rows only)`,
      );
      console.log(`${r.projection} ratio:  ${r.ratio.toFixed(2)}x (target >= 0.5x); same rows: ${r.sameRows}`);
    }
  }
  const articleCount = Number(process.env.BENCH_KB_ARTICLES ?? 5_000);
  if (articleCount > 0) {
    const { events, articles, writeSeconds, result: r } = await runKnowledgeBaseBench({ articles: articleCount });
    console.log(`knowledge-base events written: ${events} (${articles} articles) in ${writeSeconds.toFixed(1)} s`);
    console.log(`${r.projection} rebuild:  ${rate(r.rebuildEventsPerSecond)} (${r.rebuildSeconds.toFixed(1)} s)`);
    console.log(
      `${r.projection} plain pg upsert:  ${rate(r.baselineEventsPerSecond)} (${r.baselineSeconds.toFixed(1)} s, final rows only)`,
    );
    console.log(`${r.projection} ratio:  ${r.ratio.toFixed(2)}x (target >= 0.5x); same rows: ${r.sameRows}`);
  }
}
