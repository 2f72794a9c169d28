import { loadRuntimeConfig } from '../config.js';
import { type CliIo, println } from '../io.js';
import { migrateAll, openDatabases } from '../services/databases.js';

/** `support-engine migrate`: brings the event store, reactor and read-model tables up to date. */
export async function runMigrate(io: CliIo): Promise<number> {
  const config = loadRuntimeConfig(io.env);
  const databases = openDatabases(config.worker.databaseUrl);
  try {
    await migrateAll(databases);
  } finally {
    await databases.close();
  }
  println(io.stdout, 'Event store, reactor and read-model tables are up to date.');
  return 0;
}
