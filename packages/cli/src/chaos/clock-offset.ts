import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The preload's file name in the run's folder. */
export const CLOCK_PRELOAD_FILE = 'clock-offset.mjs';

/**
 * The preload (`node --import <file>`) each engine process of the chaos run gets: it shifts the
 * process's wall clock as a jump of the host's clock would, from inside, since the engine reads it
 * in many places (`Date.now()`, `new Date()`, `Date()`). The offset, in milliseconds, is read from
 * the file `CHAOS_CLOCK_FILE` names at start (a restarted process keeps its host's jump) and again
 * on SIGUSR2. `performance.now()`, `process.hrtime()` and timers are left alone: they are
 * monotonic, and a real wall-clock jump leaves them so. Dates built from a value are untouched.
 *
 * Plain JavaScript, written into the run's folder: Node gives `--import` to the process's worker
 * threads too (Temporal's workflow thread), where no TypeScript loader runs. Only the main thread
 * is shifted and listens for the signal; the workflows' time is Temporal's anyway.
 */
export const CLOCK_OFFSET_PRELOAD = `
const { isMainThread } = process.getBuiltinModule('node:worker_threads');
const { readFileSync } = process.getBuiltinModule('node:fs');
const path = process.env.CHAOS_CLOCK_FILE;
if (isMainThread && path) {
  const RealDate = Date;
  let offsetMs = 0;
  const read = () => {
    try {
      const value = Number(readFileSync(path, 'utf8').trim());
      offsetMs = Number.isFinite(value) ? value : 0;
    } catch {
      offsetMs = 0; // no file yet: no jump
    }
  };
  read();
  process.on('SIGUSR2', read);
  const now = () => RealDate.now() + offsetMs;
  globalThis.Date = new Proxy(RealDate, {
    // Date() called as a function: the current time as a string.
    apply: () => new RealDate(now()).toString(),
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
}
`;

/** Writes {@link CLOCK_OFFSET_PRELOAD} into `dir`; answers its path. */
export async function writeClockPreload(dir: string): Promise<string> {
  const file = join(dir, CLOCK_PRELOAD_FILE);
  await writeFile(file, CLOCK_OFFSET_PRELOAD);
  return file;
}
