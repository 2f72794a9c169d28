import { type ClockJump, drawClockJump, formatClockJump } from './clock-fault.js';
import { between, pick, type Random } from './random.js';

/**
 * The faults a run can inject. `kill-*`: SIGKILL, then started again at once; `pause-*`: SIGSTOP,
 * SIGCONT after the fault's hold; `kill-postgres`/`kill-temporal`: the server's whole process
 * group SIGKILLed, started again on its data after the hold; `jump-clock`: one process's wall
 * clock jumped forward (clock-fault.ts); `fill-disk`: the attachment folder's disk filled for the
 * hold (disk-fault.ts).
 */
export const FAULT_KINDS = [
  'kill-api',
  'pause-api',
  'kill-worker',
  'pause-worker',
  'kill-projector',
  'pause-projector',
  'kill-postgres',
  'kill-temporal',
  'jump-clock',
  'fill-disk',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault of the schedule. */
export interface ScheduledFault {
  /** Milliseconds after the traffic starts. */
  readonly atMs: number;
  readonly kind: FaultKind;
  /** Which of the two processes of its kind (0 or 1); 0 for the servers. */
  readonly target: 0 | 1;
  /** How long a paused process stays stopped, or a killed server stays down. */
  readonly holdMs: number;
  /** Of a `jump-clock`: which kind of process, how far, whether back after the hold. */
  readonly jump?: ClockJump;
}

/** Kinds that hit one thing of their own, not one of two processes. */
const SINGLE = new Set<string>(['kill-postgres', 'kill-temporal', 'fill-disk']);

/** The shape of a schedule. */
export interface ScheduleOptions {
  /** Faults start this long after the traffic. */
  readonly startMs: number;
  /** And end by then, so the timers due after it show the lateness once the faults stop. */
  readonly endMs: number;
  /** Rounds: each round holds every kind once, in a random order. */
  readonly rounds: number;
}

/**
 * The run's faults, from its seed alone: `rounds` × every kind, one at a time in equal slots
 * between `startMs` and `endMs` (each at a random point of the first half of its slot, so it
 * ends, and the system has time to recover, before the next), the target and hold drawn too.
 */
export function faultSchedule(random: Random, options: ScheduleOptions): ScheduledFault[] {
  const kinds: FaultKind[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const order = [...FAULT_KINDS];
    for (let i = order.length - 1; i > 0; i--) {
      const j = between(random, 0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    kinds.push(...order);
  }
  const slot = (options.endMs - options.startMs) / Math.max(1, kinds.length);
  return kinds.map((kind, index) => ({
    atMs: Math.round(options.startMs + index * slot + random() * (slot / 2)),
    kind,
    target: SINGLE.has(kind) ? 0 : pick(random, [0, 1] as const),
    holdMs: Math.round(Math.min(slot / 3, between(random, 1_000, 5_000))),
    ...(kind === 'jump-clock' ? { jump: drawClockJump(random) } : {}),
  }));
}

/** The schedule as printed at the start of a run, one fault a line. */
export function formatSchedule(seed: number, faults: readonly ScheduledFault[]): string {
  return [
    `chaos: seed ${seed}, ${faults.length} faults (replay with --seed ${seed})`,
    ...faults.map(
      (f) =>
        `  +${(f.atMs / 1000).toFixed(1)}s ${f.kind}${SINGLE.has(f.kind) ? '' : ` #${f.target}`} ${f.jump ? formatClockJump(f.jump, f.holdMs) : `for ${f.holdMs} ms`}`,
    ),
  ].join('\n');
}
