import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from './progress.js';

function sink({ terminal = true } = {}) {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  if (terminal) Object.assign(out, { isTTY: true });
  return { out, text: () => text };
}

describe('progress bar', () => {
  it('draws the share done and the rate, throttled, and ends the line', () => {
    let now = 0;
    const { out, text } = sink();
    const bar = createProgressBar(out, 1000, 200, () => now);
    now = 1000;
    bar.update(250);
    now = 1100;
    bar.update(300); // within the interval: not drawn
    now = 2000;
    bar.finish(1000);
    expect(text()).toBe(
      `\r[########----------------------]  25% 250/1000 events 250 ev/s` +
        `\r[##############################] 100% 1000/1000 events 500 ev/s\n`,
    );
  });

  it('counts events appended while replaying into the total, never past 100 %', () => {
    let now = 0;
    const { out, text } = sink();
    const bar = createProgressBar(out, 329, 200, () => now);
    now = 1000;
    bar.finish(343);
    expect(text()).toBe('\r[##############################] 100% 343/343 events 343 ev/s\n');
  });

  it('shows a count and a rate without a total', () => {
    let now = 0;
    const { out, text } = sink();
    const bar = createProgressBar(out, undefined, 200, () => now);
    now = 2000;
    bar.finish(4000);
    expect(text()).toBe('\r4000 events 2000 ev/s\n');
  });

  it('writes whole lines, every 5 s, when the output is not a terminal (a file, a CI log)', () => {
    let now = 0;
    const { out, text } = sink({ terminal: false });
    const bar = createProgressBar(out, 1000, undefined, () => now);
    for (const [at, done] of [
      [1000, 100],
      [4000, 400],
      [6000, 600],
      [12_000, 900],
    ] as const) {
      now = at;
      bar.update(done);
    }
    bar.finish(1000);
    expect(text()).toBe(
      '[##################------------]  60% 600/1000 events 100 ev/s\n' +
        '[###########################---]  90% 900/1000 events 75 ev/s\n' +
        '[##############################] 100% 1000/1000 events 83 ev/s\n',
    );
  });

  it('does not repeat the last count as a line of its own when it finishes there', () => {
    let now = 0;
    const { out, text } = sink({ terminal: false });
    const bar = createProgressBar(out, 1000, undefined, () => now);
    now = 6000;
    bar.update(1000);
    bar.finish(1000);
    expect(text()).toBe('[##############################] 100% 1000/1000 events 167 ev/s\n');
  });
});
