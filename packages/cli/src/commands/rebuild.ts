import { DomainError } from '@support-engine/domain';
import { compareCheckpoints } from '@support-engine/eventstore';
import {
  catchUp,
  compareWithRebuild,
  createProgressBar,
  createProjections,
  type Projection,
  type ProjectionsOptions,
  readProgress,
  rebuildProjection,
  resetProjection,
  UnreadableEventError,
} from '@support-engine/projections';
import { loadRuntimeConfig } from '../config.js';
import { CliError } from '../errors.js';
import { type CliIo, println } from '../io.js';
import { type Databases, migrateAll, openDatabases } from '../services/databases.js';
import { projectionsOptionsOf } from '../services/projectors.js';

/** Flags of `support-engine rebuild`. */
export interface RebuildOptions {
  /** One projection's name; every projection when omitted. */
  readonly projection?: string;
  /** Replay into the live tables instead of a side schema. */
  readonly inPlace: boolean;
}

/**
 * `support-engine rebuild`: replays projections from the start of the log with a progress bar
 * and events/s. By default into a side schema (`rebuild_<name>`) while the live tables keep
 * serving, then compares the two (returns 1 if they differ). `--in-place` then empties the live
 * tables and replays into them (readers see them fill up meanwhile), only if that first replay
 * read the whole log. A projection the log stops (an event it cannot read, a stream that does not
 * fold) is reported with a pointer to `audit verify`, and the others still run (returns 1).
 */
export async function runRebuild(options: RebuildOptions, io: CliIo): Promise<number> {
  const config = loadRuntimeConfig(io.env);
  const projections = select(options.projection, projectionsOptionsOf(config));
  const databases = openDatabases(config.worker.databaseUrl);
  try {
    await migrateAll(databases);
    let failed = false;
    for (const projection of projections) {
      println(io.stdout, `${projection.name}:`);
      // The live projection's count of events seen is the best cheap estimate of the log's size.
      const total = Number((await readProgress(databases.db, projection.name))?.eventsApplied ?? 0n) || undefined;
      try {
        // In place only once the whole log replays beside the live tables: a log this projection
        // cannot read must not leave them emptied, half replayed, with their projector stopped.
        const equal = await rebuildBeside(databases, projection, total, io, !options.inPlace);
        if (options.inPlace) await replayInPlace(databases, projection, total, io);
        else failed = !equal || failed;
      } catch (error) {
        const stop = logStop(error);
        if (stop === null) throw error;
        println(io.stdout, `  STOPPED: ${stop}`);
        println(
          io.stdout,
          `  the log holds an event this projection cannot read: run "support-engine audit verify" to find what was altered${options.inPlace ? '; the live tables were left as they were' : ''}`,
        );
        failed = true;
      }
    }
    return failed ? 1 : 0;
  } finally {
    await databases.close();
  }
}

/**
 * What stopped a replay when the log is at fault (an event this build cannot read, or a stream
 * that does not fold: history altered outside the engine), or null for a fault of the engine.
 */
function logStop(error: unknown): string | null {
  if (error instanceof UnreadableEventError) return error.message;
  if (error instanceof DomainError && error.code === 'HISTORY_INVALID') return error.message;
  return null;
}

/**
 * Other names of projections: `metrics` is the tickets read model, whose rows (durations, SLA
 * states under each ticket's recorded terms) are what `ticketMetrics` aggregates; rebuilding it
 * applies a new metrics definition to all history.
 */
const ALIASES: Readonly<Record<string, string>> = { metrics: 'tickets' };

function select(name: string | undefined, settings: ProjectionsOptions): Projection[] {
  const all = createProjections(settings);
  if (name === undefined) return all;
  const wanted = ALIASES[name] ?? name;
  const chosen = all.filter((projection) => projection.name === wanted);
  if (chosen.length === 0) {
    const names = [...all.map((p) => p.name), ...Object.keys(ALIASES)];
    throw new CliError(`Unknown projection "${name}"; choose one of: ${names.join(', ')}`);
  }
  return chosen;
}

/**
 * Rebuilds into `rebuild_<name>` and, with `compare`, compares with the live tables; false when
 * they differ. Throws when the log cannot be replayed to its head.
 */
async function rebuildBeside(
  databases: Databases,
  projection: Projection,
  total: number | undefined,
  io: CliIo,
  compare: boolean,
): Promise<boolean> {
  const result = await rebuildProjection({
    store: databases.store,
    connectionString: databases.url,
    projection,
    progress: io.stdout,
    ...(total === undefined ? {} : { totalEvents: total }),
  });
  println(io.stdout, `  ${summary(result.events, result.elapsedMs)} into schema ${result.schema}`);
  if (!compare) return true;
  const live = await readProgress(databases.db, projection.name);
  if (!live) {
    println(
      io.stdout,
      '  not compared: the live projection has never run here (start a projector, or rebuild --in-place)',
    );
    return true;
  }
  if (compareCheckpoints(live.checkpoint, result.checkpoint) !== 0) {
    // A comparison with a live model at another point of the log would report noise.
    println(
      io.stdout,
      '  not compared: the live projection stands at another log position (is the projector running?)',
    );
    return true;
  }
  const comparison = await compareWithRebuild(databases.db, projection, result.schema);
  const different = comparison.tables.filter((table) => !table.equal).map((table) => table.table);
  println(
    io.stdout,
    comparison.equal
      ? '  equal to the live tables'
      : `  DIFFERS from the live tables in: ${different.join(', ')} (a rebuild copies whatever the log holds: check it with "audit verify" first, then rerun with --in-place to replace them)`,
  );
  return comparison.equal;
}

/**
 * Empties the live tables, resets the checkpoint and replays. A projector daemon running
 * meanwhile is harmless: the checkpoint's compare-and-set lets only one of the two apply each batch.
 */
async function replayInPlace(
  databases: Databases,
  projection: Projection,
  total: number | undefined,
  io: CliIo,
): Promise<void> {
  await resetProjection(databases.db, projection);
  const bar = createProgressBar(io.stdout, total);
  let events = 0;
  const started = performance.now();
  await catchUp({
    store: databases.store,
    db: databases.db,
    projection,
    batchSize: 5_000,
    onBatch: (batch) => {
      events += batch.events;
      bar.update(events);
    },
  });
  bar.finish(events);
  println(io.stdout, `  ${summary(events, performance.now() - started)} into the live tables`);
}

function summary(events: number, elapsedMs: number): string {
  const perSecond = Math.round(events / Math.max(elapsedMs / 1000, 1e-3));
  return `replayed ${events} events in ${(elapsedMs / 1000).toFixed(2)} s (${perSecond} events/s)`;
}
