import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ServerSetupError } from './errors.js';
import { startPostgres } from './postgres.js';
import { BINARIES_CACHE_DIR, bundledBinaries } from './postgres-access.js';

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

  // A clone in a 0700 home (or a `mktemp -d` folder): as root, PostgreSQL runs as the `postgres`
  // user, which can reach neither the clone's binaries nor a data folder inside it.
  describe('from a folder other users cannot enter', () => {
    const asRoot = process.getuid?.() === 0;

    /** A 0700 folder holding its own copy of the binaries' package (hard links: same files, other path). */
    async function closedClone() {
      const clone = await mkdtemp(join(tmpdir(), 'pg-closed-clone-'));
      const pkg = join(clone, 'node_modules', 'platform-package');
      await mkdir(dirname(pkg), { recursive: true });
      await promisify(execFile)('cp', ['-al', join(await bundledBinaries(), '..'), pkg]);
      return { clone, binaries: join(pkg, 'native'), remove: () => rm(clone, { recursive: true, force: true }) };
    }

    it('runs the binaries from a copy the server user can reach', async () => {
      const { clone, binaries, remove } = await closedClone();
      const parent = await mkdtemp(join(tmpdir(), 'pg-open-data-'));
      await chmod(parent, 0o755);
      try {
        expect((await stat(clone)).mode & 0o777).toBe(0o700);
        const server = await startPostgres({ binaries, dataDir: join(parent, 'data') });
        try {
          const client = new pg.Client({ connectionString: server.url });
          await client.connect();
          const { rows } = await client.query<{ sum: number }>('select 40 + 2 as sum');
          await client.end();
          expect(rows).toEqual([{ sum: 42 }]);
          expect(server.process.command.startsWith(asRoot ? BINARIES_CACHE_DIR : binaries)).toBe(true);
        } finally {
          await server.stop();
        }
      } finally {
        await remove();
        await rm(parent, { recursive: true, force: true });
      }
    });

    it('refuses a data folder inside it with one message that says what to change, and writes nothing', async () => {
      const { clone, binaries, remove } = await closedClone();
      const dataDir = join(clone, '.data', 'postgres');
      try {
        const started = startPostgres({ binaries, dataDir });
        if (asRoot) {
          const error = await started.then(
            (server) => server.stop().then(() => undefined),
            (thrown: unknown) => thrown,
          );
          expect(error).toBeInstanceOf(ServerSetupError);
          expect((error as Error).message).toContain(`cannot reach the data directory ${dataDir}: ${clone} (mode 0700`);
          expect((error as Error).message).toContain(`chmod o+x ${clone}`);
          expect(existsSync(join(clone, '.data'))).toBe(false);
        } else {
          // Not root: the server runs as this user, who can reach the clone.
          await (await started).stop();
        }
      } finally {
        await remove();
      }
    });
  });
});
