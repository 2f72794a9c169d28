import { setTimeout as sleep } from 'node:timers/promises';
import { createSealer, readSealPrivateKey, readSealPublicKey } from '@support-engine/eventstore';
import { type SealVerification, SessionLock } from '@support-engine/eventstore-postgres';
import type { SealConfig } from '../config.js';
import { CliError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Databases } from './databases.js';

const LOCK_NAMESPACE = 'support-engine.sealer';

/**
 * What verification needs of the seal configuration: the file and the public key (from either key
 * file). A key file that cannot be read or holds no key is a `CliError` naming it, not a stack trace.
 */
export async function sealVerification(seals: SealConfig | null): Promise<SealVerification | undefined> {
  if (seals === null) return undefined;
  const keyFile = seals.publicKeyFile ?? seals.keyFile!;
  const variable = seals.publicKeyFile === undefined ? 'SEAL_KEY_FILE' : 'SEAL_PUBLIC_KEY_FILE';
  try {
    return { file: seals.file, publicKey: await readSealPublicKey(keyFile) };
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a PEM Ed25519 key';
    throw new CliError(`${variable} ${keyFile}: ${why} (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Seals what the log gained every `intervalMs` until `signal` aborts (and once more on the way
 * out). One sealer per database writes the seal file: the others wait on an advisory lock as hot
 * standbys. Without seal configuration (or without the private key) it says so and does nothing.
 * Never rejects: a failure is logged.
 */
export async function runSealerService(
  databases: Databases,
  seals: SealConfig | null,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  if (seals?.keyFile === undefined) {
    logger.warn('no SEAL_FILE and SEAL_KEY_FILE: history is not sealed, only the unkeyed hash chain guards it');
    return;
  }
  try {
    await sealUntil(databases, { ...seals, keyFile: seals.keyFile }, logger, signal);
  } catch (error) {
    // The engine keeps running unsealed (verification then reports every new event as not yet sealed).
    logger.error({ err: error }, 'the sealer stopped');
  }
}

async function sealUntil(
  databases: Databases,
  seals: SealConfig & { readonly keyFile: string },
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  const privateKey = await readSealPrivateKey(seals.keyFile);
  const sealer = createSealer({ store: databases.store, file: seals.file, privateKey });
  const lock = await SessionLock.acquire(databases.url, LOCK_NAMESPACE, seals.file, {
    retryMs: seals.intervalMs,
    signal,
  });
  if (!lock) return;
  try {
    while (!signal.aborted && !lock.lost) {
      try {
        const { resealed, ...round } = await sealer.sealOnce();
        if (round.events > 0) logger.debug({ ...round, file: seals.file }, 'sealed');
        // Versions sealed before that now hold other events: the log was rewritten under the engine.
        if (resealed.length > 0)
          logger.error(
            { resealed: resealed.slice(0, 20), count: resealed.length, file: seals.file },
            'sealed events were replaced in the log (history rewritten outside the engine): run audit verify',
          );
      } catch (error) {
        logger.error({ err: error }, 'sealing failed; trying again next interval');
      }
      await sleep(seals.intervalMs, undefined, { signal }).catch(() => {});
    }
    // What was appended up to the shutdown is sealed too (the appenders stop before the sealer).
    if (!lock.lost)
      await sealer.sealOnce().catch((error: unknown) => logger.error({ err: error }, 'final seal failed'));
  } finally {
    await lock.release();
  }
}
