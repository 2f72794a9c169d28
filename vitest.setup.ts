import { type RunningPostgres, startPostgres } from '@support-engine/servers';
import type { TestProject } from 'vitest/node';

/**
 * Starts real PostgreSQL servers for the integration run, one per worker slot: each test file
 * creates its own database on its worker's server (`createTestDatabase`). Files running at once
 * never share a server because the event store's global read waits for every transaction older
 * than `pg_snapshot_xmin`, which spans the server's databases: a transaction held open by one
 * file would hold back another's readers. Temporal servers start per file instead, because time
 * skipping is global to a server.
 */
export default async function setup(project: TestProject) {
  const slots = Math.max(1, Number(project.config.maxWorkers) || 1);
  const servers: RunningPostgres[] = await Promise.all(Array.from({ length: slots }, () => startPostgres()));
  project.provide(
    'postgresUrls',
    servers.map((server) => server.url),
  );
  return async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
}
