import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from './postgres.js';

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
  });
}

describe('startPostgres', () => {
  it('starts a real server on a free port, answers queries, creates databases and stops cleanly', async () => {
    const server = await startPostgres();
    const dataDir = new URL(server.url).port; // just to read something from the url
    expect(Number(dataDir)).toBe(server.port);
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ version: string; sum: number }>('select version(), 20 + 22 as sum');
      await client.end();
      expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
      expect(rows[0]?.sum).toBe(42);

      const other = await server.createDatabase('bootstrap_check');
      const second = new pg.Client({ connectionString: other });
      await second.connect();
      const db = await second.query<{ db: string }>('select current_database() as db');
      await second.end();
      expect(db.rows[0]?.db).toBe('bootstrap_check');
    } finally {
      await server.stop();
    }
    expect(await portAcceptsConnections(server.port)).toBe(false);
  });

  it('keeps data across restarts when given a data directory', async () => {
    const { chmod, mkdtemp, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const parent = await mkdtemp(join(tmpdir(), 'pg-persist-'));
    await chmod(parent, 0o755);
    const dataDir = join(parent, 'data');
    try {
      const first = await startPostgres({ dataDir });
      const c1 = new pg.Client({ connectionString: first.url });
      await c1.connect();
      await c1.query('create table kept (v int); insert into kept values (7)');
      await c1.end();
      await first.stop();
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

      const again = await startPostgres({ dataDir });
      const c2 = new pg.Client({ connectionString: again.url });
      await c2.connect();
      const { rows } = await c2.query<{ v: number }>('select v from kept');
      await c2.end();
      await again.stop();
      expect(rows).toEqual([{ v: 7 }]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
