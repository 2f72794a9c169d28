import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ProcessIdentity } from './processes.js';

// Beside this file in `src/`; the build keeps `src/` in the package, so `dist/` reaches it too.
const SCRIPT = fileURLToPath(new URL('../src/watchdog.mjs', import.meta.url));

let watchdog: ChildProcess | undefined;

/**
 * Makes a server this process started die with it: a small detached `node` process (one per
 * process, started on first use) stops `server` with `signal` when this process ends without
 * having stopped it, e.g. on SIGKILL. Linux has no portable "kill my children when I die" for
 * children the process does not spawn itself, and a pipe's end reaches the watchdog in every case.
 */
export function guardWithWatchdog(server: ProcessIdentity, signal: NodeJS.Signals): void {
  watchdog ??= startWatchdog();
  watchdog.stdin?.write(`${server.pid} ${server.startTime} ${signal}\n`);
}

function startWatchdog(): ChildProcess {
  // Its own session, so a terminal's Ctrl-C to this process group does not stop it first.
  const child = spawn(process.execPath, [SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.unref();
  // The pipe must not keep this process alive either.
  (child.stdin as Socket | null)?.unref();
  child.on('error', () => {
    // Without a watchdog the servers are still stopped on every clean exit.
  });
  return child;
}
