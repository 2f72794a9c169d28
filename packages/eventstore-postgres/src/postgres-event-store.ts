import type { KeyObject } from 'node:crypto';
import type {
  AppendOptions,
  AppendResult,
  ChainBreak,
  Checkpoint,
  EventHandler,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Seal,
  StoreVerification,
  StreamVerification,
  SubscribeOptions,
} from '@support-engine/eventstore';
import {
  ConcurrencyError,
  IdempotencyKeyReusedError,
  readSealFile,
  StreamNotFoundError,
  Waker,
} from '@support-engine/eventstore';
import { runPollingSubscription, validateAppend } from '@support-engine/eventstore/adapter';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { NOTIFY_CHANNEL, STREAM_VERSION_CONSTRAINT } from './migrations.js';
import { NotificationListener, waking } from './notifications.js';
import { AppendNotifier } from './notifier.js';
import { createPool } from './pool.js';
import { type StreamRow, selectEvents, toRecordedEvent } from './rows.js';
import type { EventStoreTables } from './schema.js';
import { countUnsealed, findLogHeadBreak, findSealBreaks } from './seal-check.js';
import { COMMAND_REUSED_SQLSTATE, CONCURRENCY_SQLSTATE } from './sql-codes.js';
import { inSpan } from './tracing.js';
import { findChainBreaks } from './verify.js';

/** The stream id a break of the seal file itself is reported under. */

export const SEAL_FILE_STREAM = '(seal file)';
const NONE = '(none)';
const byStreamId = (a: ChainBreak, b: ChainBreak) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0);

/** A statement the store sends often, under a name a connection prepares it by. */
interface Statement {
  readonly name: string;
  readonly text: string;
}

/** A command's append: one call of the function that checks the version and writes the events. */
const APPEND: Statement = {
  name: 'support_engine_append_events',
  text: 'select * from append_events($1, $2, $3, $4::jsonb, $5, $6, $7)',
};

/** Options of {@link createPostgresEventStore}. */
export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Pool size; 10 by default. */
  maxConnections?: number;
  /** Source of `recordedAt`; the database's transaction time (in milliseconds) when omitted. */
  clock?: () => Date;
  /** Longest a subscriber sleeps without a notification before reading again; 500 ms by default. */
  pollIntervalMs?: number;
  /**
   * Wake subscribers with LISTEN/NOTIFY (default). Turn off where LISTEN cannot work, e.g.
   * behind a transaction-pooling proxy; subscribers then rely on polling alone.
   */
  listen?: boolean;
  /** Events per read while a subscription catches up; 500 by default. */
  batchSize?: number;
  /**
   * Send a command's stream read and its append as named statements, parsed and planned once per
   * connection (default). Turn off behind a transaction-pooling proxy that does not keep them
   * (PgBouncer before 1.21, or with `max_prepared_statements` at 0).
   */
  preparedStatements?: boolean;
  /**
   * The seal file and the public key its seals verify with. With them, verification also checks
   * every sealed event against its seal and the log against its sealed head; without, the hash
   * chain alone (and every event counts as not yet sealed).
   */
  seals?: SealVerification;
}

/** Where verification finds the seals, and the key they must verify with. */
export interface SealVerification {
  readonly file: string;
  readonly publicKey: KeyObject;
}

/**
 * Creates the PostgreSQL {@link EventStore}. It owns a connection pool (and, once something
 * subscribes, one LISTEN connection); run {@link migrateEventStore} on `store.db` before use.
 */
export function createPostgresEventStore(options: PostgresEventStoreOptions): PostgresEventStore {
  return new PostgresEventStore(options);
}

const UNIQUE_VIOLATION = '23505';

interface AppendRow {
  result_version: number;
  result_transaction: string;
  result_position: string;
  result_duplicate: boolean;
}

/** The PostgreSQL adapter: the port plus hash-chain verification and the kysely handle. */

/** The largest version the `events` table holds (`stream_version integer`). */
const MAX_STREAM_VERSION = 2 ** 31 - 1;
export class PostgresEventStore implements EventStore {
  /** The kysely handle over the store's pool, e.g. for {@link migrateEventStore}. */
  readonly db: Kysely<EventStoreTables>;
  readonly #clock: (() => Date) | undefined;
  readonly #waker = new Waker();
  readonly #listener: NotificationListener | undefined;
  readonly #notifier: AppendNotifier;
  readonly #pollIntervalMs: number;
  readonly #batchSize: number;
  readonly #seals: SealVerification | undefined;
  readonly #streamReads = new Map<string, Statement>();
  readonly #pool: pg.Pool;
  readonly #prepared: boolean;

  constructor(options: PostgresEventStoreOptions) {
    // A connection that breaks (e.g. a server restart) is dropped and the next query opens a new one.
    const pool = createPool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
    this.#pool = pool;
    this.#prepared = options.preparedStatements ?? true;
    this.db = new Kysely<EventStoreTables>({ dialect: new PostgresDialect({ pool }) });
    this.#clock = options.clock;
    this.#pollIntervalMs = options.pollIntervalMs ?? 500;
    this.#batchSize = options.batchSize ?? 500;
    this.#seals = options.seals;
    this.#notifier = new AppendNotifier(() => sql`select pg_notify(${NOTIFY_CHANNEL}, '')`.execute(this.db));
    if (options.listen ?? true) {
      this.#listener = new NotificationListener(options.connectionString, waking(this.#waker), this.#pollIntervalMs);
    }
  }

  /**
   * One round trip to `append_events` (another one per lost race for the stream's next version);
   * the wake-up NOTIFY follows outside the transaction.
   */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    // A span per append (free until a tracer provider is registered), a child of the command's.
    return inSpan(
      'support-engine-eventstore',
      'eventstore.append',
      { 'stream.id': streamId, 'events.count': events.length },
      async (span) => {
        const result = await this.#append(streamId, events, options);
        span.setAttributes({ 'stream.version': result.streamVersion, duplicate: result.duplicate });
        return result;
      },
    );
  }

  async #append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const valid = validateAppend(streamId, events, options);
    const { expectedVersion, commandId, commandDigest } = valid.options;
    const kind = typeof expectedVersion === 'number' ? 'exact' : expectedVersion;
    const exact = typeof expectedVersion === 'number' ? expectedVersion : null;
    const batch = JSON.stringify(valid.events);
    const recordedAt = this.#clock?.() ?? null;
    for (;;) {
      try {
        const { rows } = await this.#pool.query<AppendRow>({
          ...this.#statement(APPEND),
          values: [streamId, kind, exact, batch, commandId ?? null, commandDigest ?? null, recordedAt],
        });
        const row = rows[0]!;
        if (!row.result_duplicate) this.#notifier.notify();
        return {
          streamVersion: row.result_version,
          checkpoint: { transactionId: BigInt(row.result_transaction), globalPosition: BigInt(row.result_position) },
          duplicate: row.result_duplicate,
        };
      } catch (error) {
        if (error instanceof pg.DatabaseError && error.code === CONCURRENCY_SQLSTATE) {
          throw new ConcurrencyError(streamId, expectedVersion, Number(error.detail));
        }
        if (error instanceof pg.DatabaseError && error.code === COMMAND_REUSED_SQLSTATE) {
          throw new IdempotencyKeyReusedError(commandId!, streamId);
        }
        // Another append took the next version first and committed; this attempt wrote nothing.
        // Calling again reads the new head: `any` and `stream_exists` append on top of it, an
        // exact version or `no_stream` fails above, a repeated command id gets its result.
        if (error instanceof pg.DatabaseError && error.code === UNIQUE_VIOLATION) {
          if (error.constraint === STREAM_VERSION_CONSTRAINT) continue;
        }
        throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { fromVersion, toVersion, asOf } = options;
    // Versions are 32-bit integers in the table: a bound past them (a client's page cursor) would
    // fail the statement, where it means "after every version" or "up to the last".
    if (fromVersion !== undefined && fromVersion > MAX_STREAM_VERSION) return [];
    const bounds = {
      fromVersion,
      toVersion: toVersion === undefined ? undefined : Math.min(toVersion, MAX_STREAM_VERSION),
      asOf,
    };
    const parameters: unknown[] = [streamId, ...Object.values(bounds).filter((bound) => bound !== undefined)];
    const { rows } = await this.#pool.query<StreamRow>({
      ...this.#statement(this.#streamRead(bounds)),
      values: parameters,
    });
    return rows.map(toRecordedEvent);
  }

  /**
   * The statement of a stream read with the bounds given (their values as parameters, after the
   * stream id, in the order of `bounds`), built and named once per shape: every command reads a
   * stream, and building the query each time cost more than parsing its rows.
   */
  #streamRead(bounds: Readonly<Record<'fromVersion' | 'toVersion' | 'asOf', unknown>>): Statement {
    const shape = `${bounds.fromVersion === undefined}${bounds.toVersion === undefined}${bounds.asOf === undefined}`;
    let statement = this.#streamReads.get(shape);
    if (statement === undefined) {
      let query = selectEvents(this.db).where('stream_id', '=', '');
      if (bounds.fromVersion !== undefined) query = query.where('stream_version', '>=', 0);
      if (bounds.toVersion !== undefined) query = query.where('stream_version', '<=', 0);
      if (bounds.asOf !== undefined) query = query.where('recorded_at', '<=', new Date(0));
      statement = { name: `support_engine_read_stream_${shape}`, text: query.orderBy('stream_version').compile().sql };
      this.#streamReads.set(shape, statement);
    }
    return statement;
  }

  /** The statement as sent: named (see `preparedStatements`) or as plain text. */
  #statement(statement: Statement): { readonly name?: string; readonly text: string } {
    return this.#prepared ? statement : { text: statement.text };
  }

  /**
   * Gap-safe: only rows of transactions older than every transaction still running
   * (`pg_snapshot_xmin`) are returned, ordered by `(transaction_id, global_position)`. A
   * transaction that started earlier but commits later therefore appears before anything
   * it could have been skipped behind.
   */
  async readAll(after: Checkpoint, options: ReadAllOptions): Promise<RecordedEvent[]> {
    const rows = await selectEvents(this.db)
      .where(sql<boolean>`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`)
      .where(
        sql<boolean>`(transaction_id, global_position) > (${after.transactionId.toString()}::xid8, ${after.globalPosition.toString()}::bigint)`,
      )
      .orderBy(sql`transaction_id`)
      .orderBy(sql`global_position`)
      .limit(options.limit)
      .execute();
    return rows.map(toRecordedEvent);
  }

  /**
   * How many events `readAll(after)` would hand out, counted up to `limit`: the same gap-safe
   * bound and order, read from the position index alone (no event is fetched or decoded), so a
   * readiness probe or a lag gauge stays cheap however far behind a reader is.
   */
  async countAfter(after: Checkpoint, limit: number): Promise<number> {
    const { rows } = await sql<{ count: string }>`
      select count(*) as count from (
        select 1 from events
        where transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          and (transaction_id, global_position) > (${after.transactionId.toString()}::xid8, ${after.globalPosition.toString()}::bigint)
        order by transaction_id, global_position
        limit ${limit}
      ) behind`.execute(this.db);
    return Number(rows[0]!.count);
  }

  async hasReached(checkpoint: Checkpoint): Promise<boolean> {
    // Past what xid8 and bigint hold, no transaction or position of this database can be meant.
    if (checkpoint.transactionId >= 2n ** 64n || checkpoint.globalPosition >= 2n ** 63n) return false;
    // A transaction begun (below the snapshot's xmax) and a position the log has used: a token
    // an append answered always names both, since its transaction committed before the answer.
    const { rows } = await sql<{ reached: boolean }>`
      select ${checkpoint.transactionId.toString()}::xid8 < pg_snapshot_xmax(pg_current_snapshot())
        and ${checkpoint.globalPosition.toString()}::bigint <= coalesce((select max(global_position) from events), 0)
        as reached`.execute(this.db);
    return rows[0]!.reached;
  }

  async subscribe(after: Checkpoint, handler: EventHandler, options: SubscribeOptions): Promise<void> {
    await this.#listener?.start();
    const source = {
      read: this.readAll.bind(this),
      waker: this.#waker,
      pollIntervalMs: this.#pollIntervalMs,
      batchSize: this.#batchSize,
    };
    await runPollingSubscription(source, after, handler, options.signal);
  }

  /**
   * Verifies one stream: its hash chain, recomputed from the stored rows, and its events against
   * their seals. Reports the first bad event (the lowest version either check finds). Throws
   * `STREAM_NOT_FOUND` for a stream that has neither events nor seals.
   */
  async verifyStream(streamId: string): Promise<StreamVerification> {
    const { seals, bad, lastSealedAt } = await this.#readSeals();
    const ofStream = seals.filter((seal) => seal.streamId === streamId && seal.kind === 'stream');
    const [chain] = await findChainBreaks(this.db, streamId);
    const [sealed] = await findSealBreaks(this.db, ofStream);
    const unsealedEvents = await countUnsealed(this.db, ofStream, streamId);
    const coverage = { unsealedEvents, lastSealedAt };
    // The lower version is the first bad event; at the same version the seal's finding says more.
    const found = [sealed, chain].filter((b) => b !== undefined).sort((a, b) => a.firstBadVersion - b.firstBadVersion);
    const first = [...bad, ...found][0];
    if (first) return { ok: false, ...first, ...coverage };
    if (ofStream.length === 0) {
      const exists = await this.db
        .selectFrom('events')
        .select('stream_id')
        .where('stream_id', '=', streamId)
        .limit(1)
        .executeTakeFirst();
      if (!exists) throw new StreamNotFoundError(streamId);
    }
    return { ok: true, ...coverage };
  }

  /**
   * Verifies every stream (chain and seals) and the log's sealed head; reports the first bad
   * event of each bad stream, the seal file's own bad lines first.
   */
  async verifyAllStreams(): Promise<StoreVerification> {
    const { seals, bad, lastSealedAt } = await this.#readSeals();
    const byStream = new Map<string, ChainBreak>();
    // Seal findings first: at the same version, "altered against its seal" says more than the chain.
    for (const found of [...(await findSealBreaks(this.db, seals)), ...(await findChainBreaks(this.db))]) {
      const known = byStream.get(found.streamId);
      if (!known || found.firstBadVersion < known.firstBadVersion) byStream.set(found.streamId, found);
    }
    const head = await findLogHeadBreak(this.db, seals);
    const breaks = [...bad, ...(head ? [head] : []), ...[...byStream.values()].sort(byStreamId)];
    const coverage = { unsealedEvents: await countUnsealed(this.db, seals), lastSealedAt };
    return breaks.length === 0 ? { ok: true, ...coverage } : { ok: false, breaks, ...coverage };
  }

  /** The seals (those whose signature verifies) and the seal file's bad lines, as breaks. */
  async #readSeals(): Promise<{ seals: readonly Seal[]; bad: ChainBreak[]; lastSealedAt: Date | null }> {
    if (!this.#seals) return { seals: [], bad: [], lastSealedAt: null };
    const contents = await readSealFile(this.#seals.file, this.#seals.publicKey);
    const bad = contents.bad.map(
      (line): ChainBreak => ({
        streamId: SEAL_FILE_STREAM,
        firstBadVersion: line.line,
        globalPosition: null,
        problem: 'bad_seal',
        detail: `line ${line.line} of ${this.#seals!.file}: ${line.reason}`,
        expected: NONE,
        actual: NONE,
      }),
    );
    const last = contents.seals.at(-1);
    return { seals: contents.seals, bad, lastSealedAt: last ? new Date(last.sealedAt) : null };
  }

  async close(): Promise<void> {
    await this.#listener?.close();
    await this.#notifier.settled();
    await this.db.destroy();
  }
}
