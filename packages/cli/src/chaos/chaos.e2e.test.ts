import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killEngineProcesses, startEngineProcess } from '../testing/processes.fixture.js';

// The short form of the chaos run (docs/operations.md#faults): `support-engine chaos` as a real
// process, with a fixed seed, one round of faults (each kind once: SIGKILL and SIGSTOP/SIGCONT
// of an API, a worker and a projector, PostgreSQL and Temporal killed and started again) under a
// 45 s of traffic, and the checker's report: every count zero, the exit code 0.

const SEED = '20261128';
let dir: string | undefined;

afterAll(async () => {
  await killEngineProcesses();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the chaos run, short form', () => {
  it('loses no acknowledged command, doubles no effect, misses no timer under one fault of each kind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'chaos-e2e-'));
    const run = startEngineProcess('chaos', {}, 'chaos', [
      '--seed',
      SEED,
      '--minutes',
      '0.75',
      '--rounds',
      '1',
      '--day-ms',
      '1000',
      '--concurrency',
      '4',
      '--dir',
      dir,
    ]);
    const code = await run.exited();
    const output = run.stdout();
    expect(output, run.stderr()).toContain(`chaos: seed ${SEED}, 8 faults`);
    expect(code, `${output}\n${run.stderr()}`).toBe(0);
    const report = await readFile(join(dir, 'report.txt'), 'utf8');
    const counts = report
      .split('\n')
      .slice(1)
      .filter((line) => /^\s*\d+ {2}/.test(line))
      .map((line) => Number(line.trim().split(' ')[0]));
    expect(counts.length).toBeGreaterThanOrEqual(11);
    expect(
      counts.every((count) => count === 0),
      report,
    ).toBe(true);
    // The run did work and met its faults: commands acknowledged, each fault recovered from.
    expect(report).toMatch(/acknowledged commands missing from the log\s+[1-9]\d* acknowledged/);
    expect(report).toMatch(/recovery over 30 s \(or never\)\s+8 faults/);
  }, 240_000);
});
