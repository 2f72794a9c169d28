import { startPostgres } from '@support-engine/servers';
import type { TestProject } from 'vitest/node';

/**
 * Starts one real PostgreSQL server for the whole integration run; each test file creates
 * its own database on it (`createTestDatabase`). Temporal servers start per file instead,
 * because time skipping is global to a server.
 */
export default async function setup(project: TestProject) {
  const postgres = await startPostgres();
  project.provide('postgresUrl', postgres.url);
  return async () => {
    await postgres.stop();
  };
}
