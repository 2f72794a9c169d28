import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { stopOnSignals } from './shutdown.js';

const logger = pino({ level: 'silent' });
const removers: Array<() => void> = [];

afterEach(() => {
  for (const remove of removers.splice(0)) remove();
});

/** Installs the handlers with a recorded exit; `process.emit` calls them without signalling the process. */
function install(stop: () => Promise<void>, timeoutMs = 60_000) {
  const exits: number[] = [];
  removers.push(stopOnSignals(stop, { logger, timeoutMs, exit: (code) => exits.push(code) }));
  return exits;
}

describe('stopOnSignals', () => {
  it('stops once on the first signal and exits 0; a second signal does not stop again', async () => {
    let stops = 0;
    const exits = install(async () => {
      stops += 1;
    });
    process.emit('SIGTERM');
    process.emit('SIGINT');
    await expect.poll(() => exits).toEqual([0]);
    expect(stops).toBe(1);
  });

  it('exits 1 when stopping fails', async () => {
    const exits = install(() => Promise.reject(new Error('pool refused to close')));
    process.emit('SIGINT');
    await expect.poll(() => exits).toEqual([1]);
  });

  it('exits 1 when stopping outlives the timeout', async () => {
    const exits = install(() => new Promise<void>(() => {}), 10);
    process.emit('SIGTERM');
    await expect.poll(() => exits).toEqual([1]);
  });

  it('stops when the launcher that spawned it goes away (its IPC channel disconnects)', async () => {
    let stops = 0;
    const exits = install(async () => {
      stops += 1;
    });
    process.emit('disconnect');
    process.emit('SIGTERM');
    await expect.poll(() => exits).toEqual([0]);
    expect(stops).toBe(1);
  });
});
