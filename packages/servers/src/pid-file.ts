import { readFile, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { type ProcessIdentity, processIdentity, type StopOutcome, stopProcess } from './processes.js';

const PidFile = z.object({ pid: z.number().int().positive(), startTime: z.string(), command: z.string() });

/** Records which process a server runs as, with its start time, so a later run can find it. */
export async function writePidFile(path: string, identity: ProcessIdentity): Promise<void> {
  await writeFile(path, `${JSON.stringify(identity)}\n`);
}

/** Forgets the recorded process (after it stopped). */
export async function removePidFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * Records this process in `path`, unless the process the file already names still runs (the same
 * start time and command): then nothing is written and that process is answered, the file's holder.
 * A file naming a process gone (killed without cleaning up) is taken over.
 */
export async function claimPidFile(path: string): Promise<ProcessIdentity | null> {
  const recorded = await readPidFile(path);
  if (recorded !== undefined) {
    const running = await processIdentity(recorded.pid);
    if (running?.startTime === recorded.startTime && running.command === recorded.command) return running;
  }
  const self = await processIdentity(process.pid);
  if (self !== undefined) await writePidFile(path, self);
  return null;
}

/** What {@link reapOrphan} found behind a pid file. */
export type Orphan =
  | { readonly found: false }
  | { readonly found: true; readonly identity: ProcessIdentity; readonly outcome: StopOutcome };

/**
 * Stops the process a pid file records if it still runs: a server an earlier run left behind
 * (that run was SIGKILLed together with its watchdog). A pid reused by another process (a
 * different start time or command) is left alone. The file goes either way.
 */
export async function reapOrphan(
  path: string,
  stop: { readonly signal: NodeJS.Signals; readonly timeoutMs: number },
): Promise<Orphan> {
  const recorded = await readPidFile(path);
  await removePidFile(path);
  if (recorded === undefined) return { found: false };
  const running = await processIdentity(recorded.pid);
  if (running?.startTime !== recorded.startTime || running.command !== recorded.command) return { found: false };
  return { found: true, identity: running, outcome: await stopProcess(running, stop) };
}

async function readPidFile(path: string): Promise<ProcessIdentity | undefined> {
  try {
    return PidFile.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    // Missing or unreadable: nothing recorded that could be trusted.
    return undefined;
  }
}
