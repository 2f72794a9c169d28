import { endCheckedOutConnection } from '@support-engine/eventstore-postgres/testing';
import { createTestDatabase } from '@support-engine/servers/testing';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createReadModelDb } from './database.js';

// Found by the chaos run (docs/operations.md#faults): PostgreSQL killed while a projector or the
// API held a read-model connection between two statements crashed the process (see the event
// store's pool-errors test). Now the next statement fails, and the pool carries on.

describe("the read models' pool, when the server ends a connection it handed out", () => {
  const open: Kysely<unknown>[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((db) => db.destroy()));
  });

  it('fails the next statement on it, not the process, and carries on', async () => {
    const url = await createTestDatabase('pool_errors');
    const db = createReadModelDb(url) as unknown as Kysely<unknown>;
    const admin = createReadModelDb(url) as unknown as Kysely<unknown>;
    open.push(db, admin);
    const { next, uncaught } = await endCheckedOutConnection(db, admin);
    expect(uncaught).toEqual([]);
    expect(next).not.toBe('answered');
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
