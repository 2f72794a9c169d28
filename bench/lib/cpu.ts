import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

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
    // `pid (comm) state ppid …`: comm may hold spaces, so split after its closing parenthesis.
    const close = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    totals.set(command, (totals.get(command) ?? 0) + ticks / TICKS_PER_SECOND);
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
