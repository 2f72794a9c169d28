import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection strings of the PostgreSQL servers the global setup started, one per worker slot. */
    postgresUrls: readonly string[];
  }
}

/**
 * The admin connection string of this worker's PostgreSQL server (see `vitest.setup.ts`): files
 * running at once use different servers.
 */
export function testPostgresUrl(): string {
  const urls = inject('postgresUrls');
  if (!urls?.length) throw new Error('No PostgreSQL server: run integration tests through the vitest global setup.');
  const slot = Number(process.env.VITEST_POOL_ID ?? 1) - 1;
  return urls[slot % urls.length]!;
}

/**
 * Creates an empty database on this worker's test server (started once per run by the vitest
 * global setup) and returns its connection string, so each test file is isolated.
 */
export async function createTestDatabase(prefix = 'test'): Promise<string> {
  const admin = testPostgresUrl();
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`.toLowerCase();
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The push receiver's test-only TLS identity, for a test's own stand-in push service. */
export { PUSH_RECEIVER_CERTIFICATE, PUSH_RECEIVER_KEY } from './push-receiver-tls.js';
