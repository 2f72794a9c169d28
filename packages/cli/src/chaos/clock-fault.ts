import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultRecord } from './check/records.js';
import type { EngineKind, SupervisedProcess } from './engine-process.js';
import { between, pick, type Random } from './random.js';

/** A jump of one process's wall clock (see clock-offset.ts): forward by `offsetMs`, and maybe back after the hold. */
export interface ClockJump {
  readonly process: EngineKind;
  readonly offsetMs: number;
  /** Back to the real time once the hold ends; otherwise jumped until the run ends (a restart keeps it). */
  readonly back: boolean;
}

const MINUTE = 60_000;

/** A jump drawn for the schedule: any kind of process, 5 minutes to 3 hours forward, back half the time. */
export function drawClockJump(random: Random): ClockJump {
  return {
    process: pick(random, ['api', 'worker', 'projector'] as const),
    offsetMs: between(random, 5, 180) * MINUTE,
    back: random() < 0.5,
  };
}

/** How a jump is printed in the schedule. */
export function formatClockJump(jump: ClockJump, holdMs: number): string {
  return `${jump.process} +${Math.round(jump.offsetMs / MINUTE)} min${jump.back ? `, back after ${holdMs} ms` : ', for good'}`;
}

/**
 * Jumps the clock of `process_` forward (PostgreSQL's `now()` and Temporal's clock stay real, as
 * on another host), then back after the hold if the jump says so; the recovery is the time until
 * it answers its probe after the last jump.
 */
export async function jumpClock(
  jump: ClockJump,
  holdMs: number,
  process_: SupervisedProcess,
  log: (line: string) => void,
): Promise<Omit<FaultRecord, 'at' | 'kind'>> {
  log(`chaos: jump-clock ${process_.name} +${jump.offsetMs} ms${jump.back ? ` for ${holdMs} ms` : ''}`);
  await process_.setClockOffset(jump.offsetMs);
  if (jump.back) {
    await sleep(holdMs);
    log(`chaos: jump-clock ${process_.name} back to the real time`);
    await process_.setClockOffset(0);
  }
  return { target: process_.name, recoveryMs: await process_.untilReady(120_000) };
}
