import { type RawBuilder, sql } from 'kysely';
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
