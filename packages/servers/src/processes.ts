import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A running process as `/proc` shows it. The start time (clock ticks after boot) tells a process
 * from a later one that reuses its pid.
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: string;
  /** The command line, arguments joined by spaces. */
  readonly command: string;
}

/** The process with this pid, or `undefined` when there is none (or only its zombie, or no `/proc`). */
export async function processIdentity(pid: number): Promise<ProcessIdentity | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [state, startTime] = [fields[0], fields[19]];
    if (state === 'Z' || state === 'X' || startTime === undefined) return undefined;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return { pid, startTime, command: cmdline.split('\0').filter(Boolean).join(' ') };
  } catch {
    return undefined;
  }
}

/** Whether `identity` still runs (the same process, not a later one with its pid). */
export async function isRunning(identity: Pick<ProcessIdentity, 'pid' | 'startTime'>): Promise<boolean> {
  return (await processIdentity(identity.pid))?.startTime === identity.startTime;
}

/** How a process ended under {@link stopProcess}. */
export type StopOutcome = 'exited' | 'killed' | 'already-gone';

/** Options of {@link stopProcess}. */
export interface StopProcessOptions {
  /** What asks the process to stop cleanly (PostgreSQL: SIGINT, a fast shutdown). */
  readonly signal: NodeJS.Signals;
  /** How long it may take before its whole process group is killed. */
  readonly timeoutMs: number;
}

/**
 * Asks a process to stop with `signal` and waits; if it outlives `timeoutMs`, SIGKILLs its process
 * group (the servers here are started as group leaders, so their helpers go with them).
 */
export async function stopProcess(identity: ProcessIdentity, options: StopProcessOptions): Promise<StopOutcome> {
  if (!(await isRunning(identity)) || !signal(identity.pid, options.signal)) return 'already-gone';
  if (await exitedWithin(identity, options.timeoutMs)) return 'exited';
  signal(-identity.pid, 'SIGKILL');
  await exitedWithin(identity, 5_000);
  return 'killed';
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

async function exitedWithin(identity: ProcessIdentity, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isRunning(identity)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}
