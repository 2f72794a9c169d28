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
 * Draws progress to `out`, e.g.
 * `[##########--------------------]  33% 330000/1000000 events 41250 ev/s`: on a terminal one
 * line redrawn with carriage returns (every `intervalMs`, 200 by default); into a file or a CI
 * log, where carriage returns would pile up into one endless line, a new line every
 * `intervalMs` (5 s by default).
 */
export function createProgressBar(
  out: Writable,
  total?: number,
  intervalMs?: number,
  now: () => number = Date.now,
): ProgressBar {
  const terminal = (out as { isTTY?: boolean }).isTTY === true;
  const interval = intervalMs ?? (terminal ? 200 : 5_000);
  const started = now();
  let drawnAt = 0;
  let drawnDone: number | undefined;
  const draw = (done: number, end: string) => {
    drawnDone = done;
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = `${Math.round(done / seconds)} ev/s`;
    let line = `${done} events ${rate}`;
    if (total !== undefined && total > 0) {
      // Events appended while replaying are replayed too: the total grows with them.
      const target = Math.max(total, done);
      const fraction = done / target;
      const filled = Math.round(fraction * WIDTH);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`;
      line = `${bar} ${String(Math.floor(fraction * 100)).padStart(3)}% ${done}/${target} events ${rate}`;
    }
    out.write(terminal ? `\r${line}${end}` : `${line}\n`);
  };
  return {
    update(done) {
      if (now() - drawnAt < interval) return;
      drawnAt = now();
      draw(done, '');
    },
    finish(done) {
      // A log already holds the last count as its own line; a terminal's line still needs ending.
      if (!terminal && drawnDone === done) return;
      draw(done, '\n');
    },
  };
}
