import type { Writable } from 'node:stream';

/** A one-line progress display: a bar when the total is known, events and events/s always. */
export interface ProgressBar {
  /** Records that `done` events are processed; redraws at most every `intervalMs`. */
  update(done: number): void;
  /** Draws the final state and ends the line. */
  finish(done: number): void;
}

const WIDTH = 30;

/**
 * Draws progress to `out` with carriage returns, e.g.
 * `[##########--------------------]  33% 330000/1000000 events 41250 ev/s`.
 */
export function createProgressBar(
  out: Writable,
  total?: number,
  intervalMs = 200,
  now: () => number = Date.now,
): ProgressBar {
  const started = now();
  let drawnAt = 0;
  const draw = (done: number) => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = `${Math.round(done / seconds)} ev/s`;
    if (total === undefined || total <= 0) {
      out.write(`\r${done} events ${rate}`);
      return;
    }
    const fraction = Math.min(done / total, 1);
    const filled = Math.round(fraction * WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`;
    out.write(`\r${bar} ${String(Math.floor(fraction * 100)).padStart(3)}% ${done}/${total} events ${rate}`);
  };
  return {
    update(done) {
      if (now() - drawnAt < intervalMs) return;
      drawnAt = now();
      draw(done);
    },
    finish(done) {
      draw(done);
      out.write('\n');
    },
  };
}
