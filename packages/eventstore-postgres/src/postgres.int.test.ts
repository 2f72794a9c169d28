import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { eventStoreContract } from '../../eventstore/src/contract.fixture.js';
import { createMigratedStore } from './fixture.fixture.js';
import { migrateEventStore } from './migrations.js';

eventStoreContract('PostgreSQL', async (clock) => (await createMigratedStore({ clock, pollIntervalMs: 200 })).store);

describe('migrateEventStore', () => {
  it('creates the schema once and is a no-op when run again', async () => {
    const { store } = await createMigratedStore();
    try {
      await store.append('m', [{ type: 'kept', data: {} }], { expectedVersion: 'no_stream' });
      await migrateEventStore(store.db);
      const { rows } = await sql<{ name: string }>`select name from event_store_migrations order by name`.execute(
        store.db,
      );
      expect(rows.map((r) => r.name)).toEqual([
        '0001_initial_schema',
        '0002_append_writes_command_once',
        '0003_append_without_head_row',
        '0004_append_checks_command_digest',
        '0005_event_facts_stored_once',
        '0006_hashes_stored_as_bytes',
        '0007_command_key_index',
        '0008_actor_stored_in_columns',
      ]);
      expect(await store.readStream('m')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('prepared statements', () => {
  /** Appends and reads a stream on a one-connection store; answers what that connection has prepared. */
  const preparedAfterUse = async (preparedStatements: boolean) => {
    const { store } = await createMigratedStore({ maxConnections: 1, listen: false, preparedStatements });
    try {
      await store.append('p', [{ type: 'kept', data: { n: 1 } }], { expectedVersion: 'no_stream', commandId: 'c-1' });
      await store.append('p', [{ type: 'kept', data: { n: 2 } }], { expectedVersion: 1 });
      expect((await store.readStream('p')).map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }]);
      expect((await store.readStream('p', { fromVersion: 2 })).map((event) => event.data)).toEqual([{ n: 2 }]);
      // The same command again still gets its first result through the prepared append.
      const again = await store.append('p', [{ type: 'kept', data: { n: 1 } }], {
        expectedVersion: 'no_stream',
        commandId: 'c-1',
      });
      expect(again).toMatchObject({ streamVersion: 1, duplicate: true });
      const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(
        store.db,
      );
      return rows.map((row) => row.name);
    } finally {
      await store.close();
    }
  };

  it('sends the stream read and the append as statements each connection prepares once', async () => {
    expect(await preparedAfterUse(true)).toEqual([
      'support_engine_append_events',
      'support_engine_read_stream_falsetruetrue',
      'support_engine_read_stream_truetruetrue',
    ]);
  });

  it('sends them as plain text when turned off, as a transaction-pooling proxy needs', async () => {
    expect(await preparedAfterUse(false)).toEqual([]);
  });
});
