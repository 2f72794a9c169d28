import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The chaos run's clock jump, in a real child process preloaded with the module as the engine's
// processes are: its wall clock moves by the offset the file holds, on SIGUSR2; its monotonic
// clock does not.

const PRELOAD = fileURLToPath(new URL('./clock-offset.ts', import.meta.url));
const HOUR = 3_600_000;

/** Prints what the child's clocks read, at start and after each SIGUSR2 (the preload's listener runs first). */
const CHILD = `
const read = () => console.log(JSON.stringify({
  now: Date.now(),
  constructed: new Date().getTime(),
  called: Date.parse(Date()),
  fromValue: new Date(0).getTime(),
  isDate: new Date() instanceof Date,
  monotonic: performance.now(),
}));
process.on('SIGUSR2', read);
read();
setInterval(() => {}, 1000);
`;

interface Reading {
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
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', PRELOAD, '-e', CHILD], {
      env: { ...process.env, CHAOS_CLOCK_FILE: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const next = async () => JSON.parse((await lines.next()).value as string) as Reading;
      const before = await next();
      const realBefore = Date.now();
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
