import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The CPU seconds (user + system) a `/proc/<pid>/stat` or `/proc/<pid>/task/<tid>/stat` line tells. */
function cpuSecondsOf(stat: string): number {
  // `pid (comm) state ppid …`: comm may hold spaces, so split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
}

/**
 * CPU seconds (user + system) used so far by every live process on the machine, summed by
 * command name (`postgres`, `server`, `node`…). Two snapshots' {@link cpuDelta} tells which
 * process took the cores during a stretch of a benchmark. Linux only; empty elsewhere.
 */
export function cpuSecondsByCommand(): Map<string, number> {
  const totals = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return totals;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    totals.set(command, (totals.get(command) ?? 0) + cpuSecondsOf(stat));
  }
  return totals;
}

/** CPU seconds used between two snapshots, by command, the busiest first, idle ones left out. */
export function cpuDelta(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  return Object.fromEntries(
    [...after]
      .map(([command, seconds]) => [command, seconds - (before.get(command) ?? 0)] as const)
      .filter(([, seconds]) => seconds >= 0.5)
      .sort((a, b) => b[1] - a[1]),
  );
}

/** CPU seconds used so far: this process (all its threads), its main thread alone, and every `postgres` process. */
export interface CpuUse {
  readonly node: number;
  readonly mainThread: number;
  readonly postgres: number;
}

/** This process's CPU so far (all threads, and the main thread from `/proc`, 0 elsewhere) and PostgreSQL's. */
export function cpuNow(): CpuUse {
  const { user, system } = process.cpuUsage();
  let mainThread = 0;
  try {
    mainThread = cpuSecondsOf(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
  } catch {
    // not Linux: the main thread is not told apart
  }
  return { node: (user + system) / 1e6, mainThread, postgres: cpuSecondsByCommand().get('postgres') ?? 0 };
}

/** The CPU used since `start`, per item of `count`, in milliseconds, as one line. */
export function cpuPerItem(start: CpuUse, end: CpuUse, count: number): string {
  const ms = (seconds: number) => ((seconds * 1000) / count).toFixed(2);
  return `node ${ms(end.node - start.node)} ms (main thread ${ms(end.mainThread - start.mainThread)}), PostgreSQL ${ms(end.postgres - start.postgres)} ms`;
}
