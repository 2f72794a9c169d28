import { randomInt } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULT_KINDS } from '../chaos/schedule.js';
import { type CliIo, println } from '../io.js';

/** Flags of `support-engine chaos`. */
export interface ChaosCommandOptions {
  readonly seed?: number;
  readonly minutes: number;
  readonly rounds?: number;
  readonly concurrency: number;
  readonly dayMs: number;
  readonly dir?: string;
  readonly temporal: 'dev' | 'full';
}

/** One fault about every this long, when `--rounds` is not given. */
const FAULT_EVERY_MS = 25_000;

/**
 * `support-engine chaos`: the production topology on this machine (embedded PostgreSQL, Temporal,
 * two API processes behind a proxy, two workers, two projectors, a flaky webhook receiver and
 * SMTP sink) under simulated traffic and a seeded schedule of faults, then the checker's report.
 * Exits 1 on any violation. Needs the dev servers (`@support-engine/servers`), as `dev` does.
 */
export async function runChaosCommand(options: ChaosCommandOptions, io: CliIo): Promise<number> {
  // Loaded here: the servers package is an optional peer, only `dev` and `chaos` need it.
  const { runChaos } = await import('../chaos/run.js');
  const seed = options.seed ?? randomInt(1, 2 ** 31);
  const trafficMs = Math.round(options.minutes * 60_000);
  const rounds = options.rounds ?? Math.max(1, Math.floor((trafficMs * 0.7) / (FAULT_EVERY_MS * FAULT_KINDS.length)));
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'support-engine-chaos-')));
  const outcome = await runChaos({
    seed,
    trafficMs,
    rounds,
    dir,
    concurrency: options.concurrency,
    dayMs: options.dayMs,
    temporal: options.temporal,
    log: (line) => println(io.stdout, line),
  });
  println(io.stdout, outcome.report);
  println(
    io.stdout,
    `chaos: seed ${seed}, ${options.minutes} min: ${outcome.failed ? 'VIOLATIONS' : 'all zeros'} (report in ${dir}/report.txt)`,
  );
  return outcome.failed ? 1 : 0;
}
