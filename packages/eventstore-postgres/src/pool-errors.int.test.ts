import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createMigratedStore } from './fixture.fixture.js';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store.js';
import { endCheckedOutConnection } from './testing.js';

// Found by the chaos run (docs/operations.md#faults): PostgreSQL killed while a process held one
// of the store's pooled connections between two statements (a command's transaction) crashed the
// process: the server's goodbye emitted 'error' on a client the pool had handed out, and pg-pool
// listens only on the clients it holds idle. Now the next statement on it fails (its caller
// retries), and the pool goes on with a fresh connection.

describe("the event store's pool, when the server ends a connection it handed out", () => {
  const open: PostgresEventStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });

  it('fails the next statement on it, not the process, and carries on', async () => {
    const { store, connectionString } = await createMigratedStore({ listen: false });
    const admin = createPostgresEventStore({ connectionString, listen: false });
    open.push(store, admin);
    const db = store.db as unknown as Kysely<unknown>;
    const { next, uncaught } = await endCheckedOutConnection(db, admin.db as unknown as Kysely<unknown>);
    expect(uncaught).toEqual([]);
    expect(next).not.toBe('answered');
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
