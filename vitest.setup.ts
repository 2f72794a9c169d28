import { startPostgres } from '@support-engine/servers';
import type { TestProject } from 'vitest/node';

/**
 * Starts one real PostgreSQL server for the whole integration run; each test file creates
 * its own database on it (`createTestDatabase`). Autovacuum is off: its ANALYZE holds a
 * transaction, and the log's global read waits for every transaction of the server older than
 * its snapshot, so a test reading right after its appends could miss them. Temporal servers
 * start per file instead, because time skipping is global to a server.
 */
export default async function setup(project: TestProject) {
  const postgres = await startPostgres({ settings: { autovacuum: 'off' } });
  project.provide('postgresUrl', postgres.url);
  return async () => {
    await postgres.stop();
  };
}
