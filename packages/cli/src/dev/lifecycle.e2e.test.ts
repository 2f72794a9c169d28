import { type ChildProcess, type SpawnOptionsWithStdioTuple, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type ProcessIdentity, processIdentity } from '@support-engine/servers';
import { afterEach, describe, expect, it } from 'vitest';

// `dev` as `npm start` runs it, in real processes: what a stop leaves behind is asserted on the
// process table and the ports, not on the log alone.

const CLI = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = join(CLI, 'bin', 'support-engine.mjs');
const MAIN = join(CLI, 'src', 'main.ts');
const REPOSITORY = join(CLI, '..', '..');

type Via = 'npm' | 'launcher' | 'cli';

interface Started {
  readonly child: ChildProcess;
  readonly ports: number[];
  readonly servers: ProcessIdentity[];
  output(): string;
  exit: Promise<number | null>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'support-engine-life-'));
  // PostgreSQL runs as its own system user when we are root: it must be able to enter the folder.
  await chmod(dir, 0o755);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * `via`: `npm`, as `npm start` (the script, then the launcher); `launcher`, through
 * bin/support-engine.mjs as that script runs it; `cli`, the CLI process itself (the one owning the
 * servers). `extra`: more arguments (`--demo`). A start that lost a port to a parallel test file between choosing it
 * and binding it (the Temporal CLI also binds ports of its own choosing) tries again: what these
 * tests watch is the stop, not the luck of free ports.
 */
async function startDev(dir: string, via: Via, ports?: number[], extra: string[] = []): Promise<Started> {
  for (let attempt = 1; ; attempt++) {
    const started = await startDevOnce(dir, via, ports, extra);
    if (started.output().includes('support-engine is running') || attempt === 3) return settle(started, dir);
    if (!started.output().includes('address already in use')) return settle(started, dir);
    await started.exit;
  }
}

async function settle(started: Omit<Started, 'servers'>, dir: string): Promise<Started> {
  expect(started.output()).toContain('support-engine is running');
  // The banner names the mail page (ports[5]) and the webhook receiver (ports[6]).
  expect(started.output()).toContain(`Mail (caught)       http://127.0.0.1:${started.ports[5]}`);
  expect(started.output()).toContain(`Webhook receiver    http://127.0.0.1:${started.ports[6]}`);
  // And the SMTP ingress (ports[7]), where mail to the dev mailbox goes.
  expect(started.output()).toContain(`Mail in (SMTP)      127.0.0.1:${started.ports[7]}   to support@localhost`);
  // And the demo host page embedding the widget (ports[8]), another origin than the API's.
  expect(started.output()).toContain(`Demo site (widget)  http://127.0.0.1:${started.ports[8]}`);
  // Its token example names the data folder, so it finds this run's secret.
  expect(started.output()).toContain(`token --role customer --sub cust-alice --data-dir ${dir}`);
  // Each server's start is told as it happens, so a slow first start is not taken for a hang,
  // and the dev server's "not healthy yet" while it comes up is not shown as a warning.
  const steps = ['starting PostgreSQL', 'PostgreSQL ready', 'starting Temporal', 'Temporal ready'];
  expect(steps.filter((step) => !started.output().includes(`"msg":"${step}"`))).toEqual([]);
  expect(started.output()).not.toMatch(/"level":40[^\n]*not healthy yet/);
  const servers = await Promise.all(['postgres.pid', 'temporal.pid'].map(async (file) => readPid(join(dir, file))));
  return { ...started, servers };
}

async function startDevOnce(
  dir: string,
  via: Via,
  ports: number[] | undefined,
  extra: string[],
): Promise<Omit<Started, 'servers'>> {
  const chosen = [...(ports ?? [])];
  for (let index = chosen.length; index < 9; index++) chosen.push(await freePort());
  const [api, temporal, ui, postgres, smtp, mail, webhooks, mailIn, site] = chosen as [number, ...number[]];
  const args = ['--data-dir', dir, '--port', `${api}`, '--temporal-port', `${temporal}`];
  args.push('--ui-port', `${ui}`, '--postgres-port', `${postgres}`);
  args.push('--smtp-port', `${smtp}`, '--mail-port', `${mail}`, '--webhook-port', `${webhooks}`);
  args.push('--mail-in-port', `${mailIn}`, '--site-port', `${site}`, ...extra);
  const env = { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', SUPPORT_JWT_SECRET: '' };
  const options: SpawnOptionsWithStdioTuple<'ignore', 'pipe', 'pipe'> = {
    env,
    cwd: REPOSITORY,
    stdio: ['ignore', 'pipe', 'pipe'],
    // npm in a group of its own: a failed test kills the engine under it too (its watchdog then the servers).
    detached: via === 'npm',
  };
  const child =
    via === 'npm'
      ? // Without `prestart`: it rebuilds the desk, emptying the folder the browser files running
        // beside this one are served from (the run's global setup built it already).
        spawn('npm', ['start', '--silent', '--ignore-scripts', '--', ...args], options)
      : spawn(
          process.execPath,
          [
            ...(via === 'launcher' ? [LAUNCHER] : ['--conditions=@support-engine/source', '--import', 'tsx', MAIN]),
            'dev',
            ...args,
          ],
          options,
        );
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += String(chunk)));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (via === 'npm') {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    } else child.kill('SIGKILL');
    await exit;
  });
  let ended = false;
  void exit.then(() => {
    ended = true;
  });
  await expect.poll(() => ended || output.includes('support-engine is running'), { timeout: 120_000 }).toBe(true);
  return { child, ports: chosen, output: () => output, exit };
}

async function readPid(file: string): Promise<ProcessIdentity> {
  const { pid } = JSON.parse(await readFile(file, 'utf8')) as { pid: number };
  const identity = await processIdentity(pid);
  if (identity === undefined) throw new Error(`${file} names pid ${pid}, which does not run`);
  return identity;
}

async function running(identity: ProcessIdentity): Promise<boolean> {
  return (await processIdentity(identity.pid))?.startTime === identity.startTime;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
  });
}

async function stillRunning(started: Started): Promise<string[]> {
  const left: string[] = [];
  for (const server of started.servers) if (await running(server)) left.push(`pid ${server.pid}`);
  for (const port of started.ports) if (await listening(port)) left.push(`port ${port}`);
  return left;
}

/** The watchdog a CLI process started (a child of it running watchdog.mjs). */
async function watchdogOf(pid: number): Promise<ProcessIdentity> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const identity = ppid === pid ? await processIdentity(Number(entry)) : undefined;
    if (identity?.command.includes('watchdog.mjs')) return identity;
  }
  throw new Error(`no watchdog under pid ${pid}`);
}

describe('dev lifecycle', () => {
  it('stops every server and frees every port on SIGTERM, three times in a row, logging each step in order', async () => {
    const dir = await dataDir();
    for (let round = 1; round <= 3; round++) {
      // The first round runs the launcher with `--demo`: the demo loads before the banner. The
      // second is `npm start` itself, which a supervisor stops by signalling npm: the signal must
      // reach the engine (no shell between them), not leave it running on its own.
      const via = round === 2 ? 'npm' : 'launcher';
      const started = await startDev(dir, via, undefined, round === 1 ? ['--demo'] : []);
      if (round === 1) expect(started.output()).toContain('demo data loaded');
      expect(await stillRunning(started)).toHaveLength(started.servers.length + started.ports.length);
      started.child.kill('SIGTERM');
      const code = await started.exit;
      if (via === 'launcher') expect(code).toBe(0);
      // npm may answer before the engine it signalled has finished stopping: its steps are awaited.
      const steps = () =>
        started
          .output()
          .split('\n')
          .filter((line) => line.includes('"msg":"stopped"') && line.includes('"step"'))
          .map((line) => (JSON.parse(line) as { step: string }).step);
      await expect
        .poll(steps, { timeout: 30_000, interval: 200 })
        .toEqual(['mail-in', 'engine', 'mail-catcher', 'webhook-receiver', 'temporal', 'postgres']);
      await expect.poll(() => stillRunning(started), { timeout: 30_000, interval: 200 }).toEqual([]);
      expect(existsSync(join(dir, 'postgres.pid')) || existsSync(join(dir, 'temporal.pid'))).toBe(false);
    }
  });

  it('takes its servers down with it when SIGKILLed, so the next start succeeds', async () => {
    const dir = await dataDir();
    const first = await startDev(dir, 'cli');
    first.child.kill('SIGKILL');
    await first.exit;
    await expect.poll(() => stillRunning(first), { timeout: 30_000, interval: 200 }).toEqual([]);
    const second = await startDev(dir, 'cli', first.ports);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  });

  it('stops everything when the launcher `npm start` runs is SIGKILLed', async () => {
    const dir = await dataDir();
    const started = await startDev(dir, 'launcher');
    started.child.kill('SIGKILL');
    await started.exit;
    // The engine (API port included) and both servers go, whether the launcher ran the CLI in
    // its own process (built) or in a child (sources).
    await expect.poll(() => stillRunning(started), { timeout: 30_000, interval: 200 }).toEqual([]);
  });

  it('stops the servers a SIGKILLed run left behind (its watchdog killed too) before starting again', async () => {
    const dir = await dataDir();
    const first = await startDev(dir, 'cli');
    const watchdog = await watchdogOf(first.child.pid ?? -1);
    process.kill(watchdog.pid, 'SIGKILL');
    first.child.kill('SIGKILL');
    await first.exit;
    // Orphans now: nothing is left to stop them.
    for (const server of first.servers) expect(await running(server)).toBe(true);

    const second = await startDev(dir, 'cli', first.ports);
    for (const server of first.servers) expect(await running(server)).toBe(false);
    expect(second.output()).toContain('stopped a server an earlier run left running');
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  });

  it('names the process that holds a port it needs, and starts nothing, nor writes a new data folder', async () => {
    const dir = join(await dataDir(), 'new');
    const holder = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => holder.close(() => resolve())));
    const child = spawn(process.execPath, [LAUNCHER, 'dev', '--data-dir', dir, '--port', `${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain(`127.0.0.1:${port} (the API) is in use by pid ${process.pid} (`);
    expect(output).toContain(`kill ${process.pid}`);
    expect(existsSync(dir)).toBe(false);
  });
});
