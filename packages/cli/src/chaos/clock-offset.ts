/**
 * Preloaded (`node --import`) into each engine process of the chaos run: shifts the process's
 * wall clock as a jump of the host's clock would, from inside, since the engine reads it in many
 * places (`Date.now()`, `new Date()`, `Date()`). The offset, in milliseconds, is read from the
 * file `CHAOS_CLOCK_FILE` names at start (a restarted process keeps its host's jump) and again on
 * SIGUSR2. `performance.now()`, `process.hrtime()` and timers are left alone: they are monotonic,
 * and a real wall-clock jump leaves them so. Dates built from a value are untouched.
 */
import { readFileSync } from 'node:fs';

const file = process.env.CHAOS_CLOCK_FILE;
if (file) installClockOffset(file);

function installClockOffset(path: string): void {
  const RealDate = Date;
  let offsetMs = 0;
  const read = () => {
    try {
      const value = Number(readFileSync(path, 'utf8').trim());
      offsetMs = Number.isFinite(value) ? value : 0;
    } catch {
      // No file yet: no jump.
      offsetMs = 0;
    }
  };
  read();
  process.on('SIGUSR2', read);
  const now = () => RealDate.now() + offsetMs;
  globalThis.Date = new Proxy(RealDate, {
    // `Date()` called as a function: the current time as a string.
    apply: () => new RealDate(now()).toString(),
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget) as object,
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
}
