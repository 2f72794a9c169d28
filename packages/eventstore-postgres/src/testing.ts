import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { PostgresEventStore } from './postgres-event-store.js';

/**
 * Runs `statements` on the store's database in one session with the events table's append-only
 * guard lifted, as someone with rights on the table could, then puts the guard back: for tests
 * of what tampering with the log does (verification, audit, the processes that read it).
 */
export async function tamperWithEvents(
  store: Pick<PostgresEventStore, 'db'>,
  ...statements: readonly RawBuilder<unknown>[]
): Promise<void> {
  await store.db.connection().execute(async (db) => {
    await sql`alter table events disable trigger events_append_only`.execute(db);
    try {
      for (const statement of statements) await statement.execute(db);
    } finally {
      await sql`alter table events enable trigger events_append_only`.execute(db);
    }
  });
}

/**
 * An UPDATE giving the event at `version` of `streamId` the hash of its stored content after its
 * predecessor's stored hash, as someone rewriting the unkeyed hashes forward would: for
 * {@link tamperWithEvents}, after an edit.
 */
export function rehashEvent(streamId: string, version: number): RawBuilder<unknown> {
  return sql`update events e set hash = null, hash_sha256 = decode(event_hash(
      (select event_hash_text(p.hash_sha256, p.hash) from events p
        where p.stream_id = e.stream_id and p.stream_version = e.stream_version - 1),
      e.stream_id, e.stream_version, e.type, e.schema_version, e.data,
      event_metadata(e.metadata, e.command_in_metadata, e.command_id, e.command_sha256, e.actor_id, e.actor_role),
      e.recorded_at), 'hex')
    where e.stream_id = ${streamId} and e.stream_version = ${version}`;
}

/**
 * Checks a connection out of `db`'s pool, has the server end it from another session (`admin`)
 * while it is held between two statements (the FATAL message a server crash sends too), then
 * runs one more statement on it: what that statement came to (`'answered'` or its error), and
 * the exceptions nobody caught meanwhile (a process without a test runner would have died of them).
 */
export async function endCheckedOutConnection(
  db: Kysely<unknown>,
  admin: Kysely<unknown>,
): Promise<{ next: string; uncaught: unknown[] }> {
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.prependListener('uncaughtException', onUncaught);
  try {
    const next = await db.connection().execute(async (connection) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(connection);
      const pid = rows[0]!.pid;
      await sql`select pg_terminate_backend(${pid}::int)`.execute(admin);
      for (;;) {
        const gone = await sql<{
          n: number;
        }>`select count(*)::int as n from pg_stat_activity where pid = ${pid}::int`.execute(admin);
        if (gone.rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // A moment for the server's goodbye to reach the client.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return sql`select 1`.execute(connection).then(
        () => 'answered',
        (error: Error) => error.message,
      );
    });
    return { next, uncaught };
  } finally {
    process.removeListener('uncaughtException', onUncaught);
  }
}
