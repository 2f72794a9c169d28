import { execFile } from 'node:child_process';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { FaultRecord } from './check/records.js';

const run = promisify(execFile);

/** The attachment folder of the run's API processes: a small tmpfs of its own when the run may mount one. */
export interface AttachmentDisk {
  readonly dir: string;
  /** Why the full-disk fault cannot run here (no tmpfs could be mounted): the run leaves it out; `null`: it can. */
  readonly unavailable: string | null;
  unmount(): Promise<void>;
}

/** What an upload came to: the HTTP status and the refusal's code, if refused; without an answer, why (the client's error). */
export interface UploadOutcome {
  readonly status: number | null;
  readonly code: string | null;
  readonly error?: string;
}

/** An upload's outcome as a log line and a problem say it. */
const told = (outcome: UploadOutcome) =>
  outcome.status === null
    ? `no answer (${outcome.error ?? 'unknown'})`
    : `${outcome.status} ${outcome.code ?? ''}`.trim();

/** The tmpfs's size: far above what the traffic's small files take, quick to fill. */
const DISK_SIZE = '8m';
/** What the full-disk fault expects of an upload while the disk is full. */
const FULL = 'ATTACHMENT_STORAGE_FULL';
/** How long the probe is sent again while it gets no answer at all, as a person's client would. */
const PROBE_PATIENCE_MS = 60_000;

/** Mounts a tmpfs at `dir` (as root), or says why not: then the folder is a plain one and the fault is left out. */
export async function mountAttachmentDisk(dir: string): Promise<AttachmentDisk> {
  await mkdir(dir, { recursive: true });
  const unavailable = await run('mount', ['-t', 'tmpfs', '-o', `size=${DISK_SIZE}`, 'tmpfs', dir]).then(
    () => null,
    (error: Error) => `no tmpfs could be mounted at ${dir}: ${error.message.split('\n')[0]}`,
  );
  return {
    dir,
    unavailable,
    async unmount() {
      if (unavailable === null) await run('umount', [dir]).catch(() => {});
    },
  };
}

/** Writes a file of zeros into `dir` until the disk refuses (ENOSPC). */
async function fill(file: string): Promise<void> {
  const handle = await open(file, 'w');
  const chunk = Buffer.alloc(256 * 1024);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}

/**
 * The first answer to `upload`, sent again while there is none (the client's 10 s ran out under
 * load, or the connection broke) for up to a minute: what the fault checks is the answer a person
 * gets while the disk is full, and a person's client tries again. Each unanswered try is logged
 * with its error, so a slow API shows in the run's log.
 */
async function answered(upload: () => Promise<UploadOutcome>, log: (line: string) => void): Promise<UploadOutcome> {
  const since = Date.now();
  for (;;) {
    const outcome = await upload();
    if (outcome.status !== null || Date.now() - since > PROBE_PATIENCE_MS) return outcome;
    log(`chaos: fill-disk: an upload got ${told(outcome)} after ${Date.now() - since} ms; sent again`);
    // A try that failed at once (a connection refused) is not repeated in a tight loop.
    await sleep(250);
  }
}

/**
 * Fills the attachment disk, uploads a file through the proxy (to be refused with
 * ATTACHMENT_STORAGE_FULL), holds, frees the disk; the recovery is the time from then until an
 * upload is stored again. An upload answered otherwise while full is the fault's problem.
 */
export async function fillDisk(
  disk: AttachmentDisk,
  holdMs: number,
  upload: () => Promise<UploadOutcome>,
  log: (line: string) => void,
): Promise<Omit<FaultRecord, 'at' | 'kind'>> {
  const filler = join(disk.dir, 'chaos-filler');
  await fill(filler);
  const whileFull = await answered(upload, log);
  log(`chaos: fill-disk: attachment disk full, an upload answered ${told(whileFull)}`);
  await sleep(holdMs);
  await rm(filler, { force: true });
  const since = Date.now();
  let recoveryMs: number | null = null;
  while (Date.now() - since < 120_000) {
    if ((await upload()).status === 201) {
      recoveryMs = Date.now() - since;
      break;
    }
    await sleep(250);
  }
  log(`chaos: attachment disk freed, uploads stored again after ${recoveryMs ?? 'never'} ms`);
  return {
    target: 'attachments',
    recoveryMs,
    ...(whileFull.status === 507 && whileFull.code === FULL
      ? {}
      : { problem: `an upload while full answered ${told(whileFull)}, not 507 ${FULL}` }),
  };
}
