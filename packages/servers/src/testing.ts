import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of the PostgreSQL server the global setup started. */
    postgresUrl: string;
  }
}

/**
 * Creates an empty database on the shared test server (started once per run by the vitest
 * global setup) and returns its connection string, so each test file is isolated.
 */
export async function createTestDatabase(prefix = 'test'): Promise<string> {
  const admin = inject('postgresUrl');
  if (!admin) throw new Error('No PostgreSQL server: run integration tests through the vitest global setup.');
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

export { createTestCertificate } from './test-certificate.js';
