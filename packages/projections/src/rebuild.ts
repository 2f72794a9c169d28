import type { Writable } from 'node:stream';
import type { EventSchemaRegistry } from '@support-engine/domain';
import type { Checkpoint, EventStore } from '@support-engine/eventstore';
import { type Kysely, sql } from 'kysely';
import { resetCheckpoint } from './checkpoints.js';
import { assertSchemaName, createReadModelDb } from './database.js';
import { migrateReadModels } from './migrations.js';
import { createProgressBar } from './progress.js';
import type { Projection } from './projection.js';
import { catchUp } from './projector.js';
import type { ReadModelTables } from './schema.js';
import { projectionContentHash, type TableHash } from './table-hash.js';

/** Options of {@link rebuildProjection}. */
export interface RebuildOptions {
  readonly store: Pick<EventStore, 'readAll'>;
  readonly connectionString: string;
  readonly projection: Projection;
  /** The schema the fresh tables are built in (dropped first if it exists); `rebuild_<name>` by default. */
  readonly schema?: string;
  readonly registry?: EventSchemaRegistry;
  /** Events per transaction; 5,000 by default (bigger batches amortise the per-row work). */
  readonly batchSize?: number;
  /** Where the progress bar is drawn; nothing is drawn when omitted. */
  readonly progress?: Writable;
  /** Events in the log, for the bar's percentage (e.g. from the store's statistics). */
  readonly totalEvents?: number;
}

/** What a rebuild did. */
export interface RebuildResult {
  readonly schema: string;
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  readonly checkpoint: Checkpoint;
}

/**
 * Replays a projection from the start of the log into fresh tables in their own schema, while
 * the live tables keep serving. Stops at the head of the log (as read when it gets there).
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const schema = assertSchemaName(options.schema ?? `rebuild_${options.projection.name}`);
  const db = createReadModelDb(options.connectionString, { schema, maxConnections: 2 });
  try {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    await sql`create schema ${sql.id(schema)}`.execute(db);
    await migrateReadModels(db);
    const bar = options.progress ? createProgressBar(options.progress, options.totalEvents) : undefined;
    let events = 0;
    const started = performance.now();
    const checkpoint = await catchUp({
      store: options.store,
      db,
      projection: options.projection,
      registry: options.registry,
      batchSize: options.batchSize ?? 5000,
      onBatch: (batch) => {
        events += batch.events;
        bar?.update(events);
      },
    });
    const elapsedMs = performance.now() - started;
    bar?.finish(events);
    return { schema, events, elapsedMs, eventsPerSecond: events / Math.max(elapsedMs / 1000, 1e-9), checkpoint };
  } finally {
    await db.destroy();
  }
}

/** One table of a live-versus-rebuilt comparison. */
export interface TableComparison {
  readonly table: string;
  readonly live: TableHash;
  readonly rebuilt: TableHash;
  readonly equal: boolean;
}

/**
 * Compares the content hashes of a projection's live tables (`public`, or `liveSchema`) with a
 * rebuild's. Meaningful when both stand at the same checkpoint: compare checkpoints first.
 */
export async function compareWithRebuild<DB>(
  db: Kysely<DB>,
  projection: Projection,
  rebuildSchema: string,
  liveSchema = 'public',
): Promise<{ equal: boolean; tables: TableComparison[] }> {
  const live = await projectionContentHash(db, projection, assertSchemaName(liveSchema));
  const rebuilt = await projectionContentHash(db, projection, assertSchemaName(rebuildSchema));
  const tables = live.map((hash, i) => ({
    table: hash.table,
    live: hash,
    rebuilt: rebuilt[i]!,
    equal: hash.md5 === rebuilt[i]!.md5,
  }));
  return { equal: tables.every((t) => t.equal), tables };
}

/**
 * Empties a projection's tables and puts its checkpoint back to the start, in one transaction,
 * so the running projector replays it in place (the tables are empty meanwhile: prefer
 * {@link rebuildProjection} where readers must keep being served).
 */
export async function resetProjection(db: Kysely<ReadModelTables>, projection: Projection): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (projection.reset) await projection.reset(trx);
    else for (const table of projection.tables) await trx.deleteFrom(table).execute();
    await resetCheckpoint(trx, projection.name);
  });
}
