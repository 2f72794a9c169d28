import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { writeClockPreload } from './clock-offset.js';

// The chaos run's clock jump, in a real child process preloaded as the engine's processes are: its wall clock moves by the offset the file holds, on SIGUSR2; its monotonic
// clock does not.

const HOUR = 3_600_000;

/** Prints what the child's clocks read, at start and after each SIGUSR2 (the preload's listener runs first). */
const CHILD = `
let workerExit = null;
const read = () => console.log(JSON.stringify({
  workerExit,
  now: Date.now(),
  constructed: new Date().getTime(),
  called: Date.parse(Date()),
  fromValue: new Date(0).getTime(),
  isDate: new Date() instanceof Date,
  monotonic: performance.now(),
}));
process.on('SIGUSR2', read);
// A worker thread gets the preload too (as Temporal's workflow thread does): it must load there.
new (require('node:worker_threads').Worker)('0', { eval: true }).once('exit', (code) => {
  workerExit = code;
  read();
});
setInterval(() => {}, 1000);
`;

interface Reading {
  workerExit: number;
  now: number;
  constructed: number;
  called: number;
  fromValue: number;
  isDate: boolean;
  monotonic: number;
}

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the clock offset preload', () => {
  it('shifts Date.now, new Date() and Date() by the offset read on SIGUSR2, leaving performance.now alone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'clock-offset-'));
    const file = join(dir, 'api.clock');
    const preload = await writeClockPreload(dir);
    // No TypeScript loader: the preload must load in a worker thread too, where none runs.
    const child = spawn(process.execPath, ['--import', preload, '-e', CHILD], {
      env: { ...process.env, CHAOS_CLOCK_FILE: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const next = async () => JSON.parse((await lines.next()).value as string) as Reading;
      const before = await next();
      const realBefore = Date.now();
      expect(before.workerExit).toBe(0);
      // No file yet: the real clock.
      expect(before.now).toBeLessThanOrEqual(realBefore);

      await writeFile(file, String(2 * HOUR));
      child.kill('SIGUSR2');
      const jumped = await next();
      const realAfter = Date.now();
      for (const wall of [jumped.now, jumped.constructed]) {
        expect(wall).toBeGreaterThanOrEqual(before.now + 2 * HOUR);
        expect(wall).toBeLessThanOrEqual(realAfter + 2 * HOUR);
      }
      // `Date()` has whole seconds.
      expect(jumped.called).toBeGreaterThanOrEqual(Math.floor((before.now + 2 * HOUR) / 1000) * 1000);
      expect(jumped.fromValue).toBe(0);
      expect(jumped.isDate).toBe(true);
      // The monotonic clock moved only by the real time that passed, not by the jump.
      expect(jumped.monotonic - before.monotonic).toBeLessThan(HOUR);
      expect(jumped.monotonic).toBeGreaterThanOrEqual(before.monotonic);

      // And back again.
      await writeFile(file, '0');
      child.kill('SIGUSR2');
      const back = await next();
      expect(back.now).toBeLessThanOrEqual(Date.now());
      expect(back.now).toBeGreaterThanOrEqual(realBefore);
      expect(back.monotonic).toBeGreaterThanOrEqual(jumped.monotonic);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }, 60_000);
});
