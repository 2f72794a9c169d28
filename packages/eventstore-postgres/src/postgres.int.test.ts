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
