import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openAttachmentStorage, verifyStoredAttachments } from '@support-engine/api';
import { readSealFile, StreamNotFoundError } from '@support-engine/eventstore';
import { SEAL_FILE_STREAM } from '@support-engine/eventstore-postgres';
import { type HistoryVerification, verifyHistory } from '@support-engine/projections';
import { loadRuntimeConfig } from '../config.js';
import { CliError } from '../errors.js';
import { type CliIo, println } from '../io.js';
import { openDatabases } from '../services/databases.js';
import { sealVerification } from '../services/seals.js';

/**
 * `support-engine audit verify [--stream id]`: checks the hash chain and the seals of one stream or
 * of every stream (and the log's sealed head). Prints the first bad event of each bad stream and
 * returns 1 if there is any; events appended after the last seal are counted as not yet sealed.
 * With seals configured, a seal file that is missing or holds no seal while the log holds events
 * is a failure too (1): the path is wrong, or the file was lost or emptied, and nothing is sealed.
 */
export async function runAuditVerify(options: { readonly stream?: string }, io: CliIo): Promise<number> {
  const config = loadRuntimeConfig(io.env);
  const databases = openDatabases(config.worker.databaseUrl, await sealVerification(config.seals));
  try {
    const result = await verifyHistory(databases.store, options.stream).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) {
        throw new CliError(`No stream "${error.streamId}" in the event log: nothing to verify.`);
      }
      throw error;
    });
    const scope = options.stream === undefined ? 'every stream' : `stream ${options.stream}`;
    // The seal file's own bad lines are findings too, but not streams.
    const altered = result.ok ? [] : result.altered;
    const badSealLines = altered.filter((finding) => finding.streamId === SEAL_FILE_STREAM);
    if (config.seals !== null && result.lastSealedAt === null && result.unsealedEvents > 0) {
      const [first] = badSealLines;
      println(
        io.stdout,
        first === undefined
          ? `Seals MISSING: SEAL_FILE ${config.seals.file} ${existsSync(config.seals.file) ? 'holds no seal' : 'does not exist'}, ` +
              `so none of the ${result.unsealedEvents} event(s) of ${scope} is sealed ` +
              '(the path is wrong, or the file was lost or emptied; a new deployment has its first seal one SEAL_INTERVAL_MS after its first event).'
          : `Seals UNVERIFIED: no line of SEAL_FILE ${config.seals.file} verifies (${badSealLines.length} bad line(s); ` +
              `line ${first.version}: ${first.problem}, ${first.detail}), so none of the ${result.unsealedEvents} event(s) of ${scope} ` +
              "is covered by a seal (the public key is not the sealer's, or the file is not this log's).",
      );
      const chainIntact = altered.length === badSealLines.length;
      println(io.stdout, `The hash chain of ${scope} ${chainIntact ? 'verifies' : 'does NOT verify'}.`);
      return 1;
    }
    const checks = config.seals === null ? 'the hash chain of' : 'the hash chain and the seals of';
    const verify = config.seals === null ? 'verifies' : 'verify';
    if (result.ok) println(io.stdout, `History intact: ${checks} ${scope} ${verify}.`);
    else {
      const sealLines = badSealLines.length;
      const lines = sealLines === 0 ? '' : ` and ${sealLines} line(s) of the seal file`;
      // A stream can hold two findings (its first bad event, and the sealed head of the log).
      const streams = new Set(altered.map((finding) => finding.streamId).filter((id) => id !== SEAL_FILE_STREAM));
      println(io.stdout, `History ALTERED in ${streams.size} stream(s)${lines} (${scope} checked):`);
      // In the log's order: the first bad event before a later one the seals name.
      const inLogOrder = [...altered].sort((a, b) => logOrder(a.globalPosition, b.globalPosition));
      // One event two seals name (the log's head and its stream's) is listed once, with both reasons.
      const listed: { finding: (typeof inLogOrder)[number]; details: string[] }[] = [];
      for (const finding of inLogOrder) {
        const last = listed.at(-1)?.finding;
        const same =
          last !== undefined &&
          finding.streamId !== SEAL_FILE_STREAM &&
          last.streamId === finding.streamId &&
          last.version === finding.version &&
          last.problem === finding.problem;
        if (same) listed.at(-1)!.details.push(finding.detail);
        else listed.push({ finding, details: [finding.detail] });
      }
      for (const { finding: altered, details } of listed) {
        // A bad line of the seal file is named by its line; it has no event, position or hashes.
        if (altered.streamId === SEAL_FILE_STREAM) {
          println(io.stdout, `  seal file line ${altered.version}: ${altered.problem}`);
          println(io.stdout, `    ${altered.detail}`);
          continue;
        }
        const where = altered.globalPosition === null ? '' : ` at global position ${altered.globalPosition}`;
        const what = altered.event
          ? ` (${altered.event.type}, recorded ${altered.event.recordedAt.toISOString()})`
          : '';
        println(io.stdout, `  ${altered.streamId} v${altered.version}${where}: ${altered.problem}${what}`);
        for (const detail of details) println(io.stdout, `    ${detail}`);
        println(io.stdout, `    expected hash ${altered.expectedHash}`);
        println(io.stdout, `    stored hash   ${altered.actualHash}`);
      }
    }
    println(io.stdout, coverage(result, config.seals !== null));
    return result.ok ? 0 : 1;
  } finally {
    await databases.close();
  }
}

/** Positions in the log's order; findings with none (the seal file's lines) after them, as they came. */
function logOrder(a: bigint | null, b: bigint | null): number {
  if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

function coverage(result: HistoryVerification, sealed: boolean): string {
  if (!sealed)
    return `No seals configured (SEAL_FILE): ${result.unsealedEvents} event(s) checked by the hash chain only.`;
  const last = result.lastSealedAt === null ? 'no seal yet' : `last seal ${result.lastSealedAt.toISOString()}`;
  return `${result.unsealedEvents} event(s) not yet sealed (${last}): checked by the hash chain only.`;
}

/**
 * `support-engine audit seals export [--public-key]`: writes the seal file (after checking every
 * line's signature and link) or the public key it verifies with to stdout, for a copy kept away
 * from the engine's hosts. A seal file with a bad line is refused in one line (exit 1).
 */
export async function runAuditSealsExport(options: { readonly publicKey?: boolean }, io: CliIo): Promise<number> {
  const { seals } = loadRuntimeConfig(io.env);
  const verification = await sealVerification(seals);
  if (!seals || !verification)
    throw new CliError('No seals configured: set SEAL_FILE and SEAL_KEY_FILE (or SEAL_PUBLIC_KEY_FILE).');
  if (options.publicKey) {
    io.stdout.write(verification.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    return 0;
  }
  const contents = await readSealFile(seals.file, verification.publicKey);
  const [bad] = contents.bad;
  if (bad)
    throw new CliError(
      `${seals.file} line ${bad.line}: ${bad.reason} (${contents.bad.length} bad line(s)); not exported.`,
    );
  io.stdout.write(await readFile(seals.file, 'utf8').catch(() => ''));
  return 0;
}

/**
 * `support-engine audit attachments`: reads back every file the log names with a SHA-256 from
 * the attachment store (`ATTACHMENT_STORE`, `ATTACHMENT_DIR` or `S3_*`, as the API has them) and
 * hashes it; prints each file missing or altered and exits 1 if there is any. The digests come
 * from the log, which `audit verify` checks.
 */
export async function runAuditAttachments(io: CliIo): Promise<number> {
  const config = loadRuntimeConfig(io.env);
  const databases = openDatabases(config.worker.databaseUrl);
  try {
    const storage = await openAttachmentStorage(config.attachments, resolve('data', 'attachments'));
    const { checked, findings } = await verifyStoredAttachments(databases.db, storage);
    const where =
      config.attachments.kind === 'local' ? (config.attachments.dir ?? resolve('data', 'attachments')) : 's3';
    if (findings.length === 0) {
      println(
        io.stdout,
        `Attachments intact: the ${checked} file(s) the log names hold the bytes its digests vouch for (${where}).`,
      );
      return 0;
    }
    println(
      io.stdout,
      `Attachments ALTERED or MISSING: ${findings.length} of the ${checked} file(s) the log names (${where}):`,
    );
    for (const finding of findings) {
      println(io.stdout, `  ${finding.attachmentId}: ${finding.problem}`);
      println(io.stdout, `    recorded sha256 ${finding.expectedSha256}`);
      println(io.stdout, `    stored sha256   ${finding.actualSha256 ?? '(nothing stored)'}`);
    }
    return 1;
  } finally {
    await databases.close();
  }
}
