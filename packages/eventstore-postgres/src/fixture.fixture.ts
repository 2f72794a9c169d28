/** Test helper (not a test file): a migrated PostgreSQL event store on a fresh database. */
import { createTestDatabase } from '@support-engine/servers/testing';
import { migrateEventStore } from './migrations.js';
import {
  createPostgresEventStore,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres-event-store.js';

/** Creates an empty database, migrates it and opens a store on it. */
export async function createMigratedStore(
  options: Omit<PostgresEventStoreOptions, 'connectionString'> = {},
): Promise<{ store: PostgresEventStore; connectionString: string }> {
  const connectionString = await createTestDatabase('eventstore');
  const store = createPostgresEventStore({ connectionString, ...options });
  await migrateEventStore(store.db);
  return { store, connectionString };
}
