import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from './progress.js';

function sink() {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
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

  it('shows a count and a rate without a total', () => {
    let now = 0;
    const { out, text } = sink();
    const bar = createProgressBar(out, undefined, 200, () => now);
    now = 2000;
    bar.finish(4000);
    expect(text()).toBe('\r4000 events 2000 ev/s\n');
  });
});
