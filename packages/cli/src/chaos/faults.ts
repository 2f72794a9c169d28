import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultRecord } from './check/records.js';
import { jumpClock } from './clock-fault.js';
import { type AttachmentDisk, fillDisk, type UploadOutcome } from './disk-fault.js';
import type { EngineKind, SupervisedProcess } from './engine-process.js';
import type { ScheduledFault } from './schedule.js';
import type { SupervisedServer } from './servers.js';

/** The processes and servers a fault can hit. */
export interface FaultTargets {
  readonly processes: Readonly<Record<EngineKind, readonly SupervisedProcess[]>>;
  readonly postgres: SupervisedServer;
  readonly temporal: SupervisedServer;
  /** The API processes' attachment folder, and an upload through the proxy to try it. */
  readonly attachments: AttachmentDisk;
  readonly upload: () => Promise<UploadOutcome>;
}

/** How long a process may take to be ready again before it counts as never. */
const READY_TIMEOUT_MS = 120_000;

/** Every engine process ready: the longest wait among them, or `null` if one never got ready. */
async function allReady(targets: FaultTargets): Promise<number | null> {
  const waits = await Promise.all(
    Object.values(targets.processes)
      .flat()
      .map((p) => p.untilReady(READY_TIMEOUT_MS)),
  );
  return waits.some((wait) => wait === null) ? null : Math.max(...(waits as number[]));
}

/**
 * Injects one fault and waits for the recovery: a killed process is started again at once (a
 * service manager's restart) and timed until ready; a paused one gets SIGCONT after its hold and
 * is timed until it answers; a killed server stays down for the hold, is started again on its
 * data, and the recovery is the time from its restart until every engine process is ready.
 */
export async function injectFault(
  fault: ScheduledFault,
  targets: FaultTargets,
  log: (line: string) => void,
): Promise<FaultRecord> {
  const at = new Date().toISOString();
  if (fault.kind === 'jump-clock') {
    const jump = fault.jump!;
    return {
      kind: fault.kind,
      at,
      ...(await jumpClock(jump, fault.holdMs, targets.processes[jump.process][fault.target]!, log)),
    };
  }
  if (fault.kind === 'fill-disk')
    return { kind: fault.kind, at, ...(await fillDisk(targets.attachments, fault.holdMs, targets.upload, log)) };
  const [action, kind] = fault.kind.split('-') as ['kill' | 'pause', EngineKind | 'postgres' | 'temporal'];
  if (kind === 'postgres' || kind === 'temporal') {
    const server = targets[kind];
    log(`chaos: ${fault.kind} (down ${fault.holdMs} ms)`);
    await server.kill();
    await sleep(fault.holdMs);
    const since = Date.now();
    await server.restart();
    const ready = await allReady(targets);
    const recoveryMs = ready === null ? null : Date.now() - since;
    log(`chaos: ${kind} back, every process ready after ${recoveryMs ?? 'never'} ms`);
    return { kind: fault.kind, target: kind, at, recoveryMs };
  }
  const process_ = targets.processes[kind][fault.target]!;
  if (action === 'kill') {
    log(`chaos: kill-${kind} ${process_.name}`);
    await process_.killAndRestart();
  } else {
    log(`chaos: pause-${kind} ${process_.name} for ${fault.holdMs} ms`);
    process_.signal('SIGSTOP');
    await sleep(fault.holdMs);
    process_.signal('SIGCONT');
  }
  const recoveryMs = await process_.untilReady(READY_TIMEOUT_MS);
  log(`chaos: ${process_.name} ready after ${recoveryMs ?? 'never'} ms`);
  return { kind: fault.kind, target: process_.name, at, recoveryMs };
}
