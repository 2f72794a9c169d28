import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * The dev signing secret in `file`, created (random, owner-only) on first use. Kept on disk so
 * tokens minted with `support-engine token` keep working across `npm start` restarts.
 */
export async function readOrCreateDevSecret(file: string): Promise<string> {
  const existing = await readDevSecret(file);
  if (existing !== undefined) return existing;
  const secret = randomBytes(48).toString('base64url');
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it between our read and write: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readDevSecret(file))!;
    throw error;
  }
}

/** The dev signing secret in `file`, or `undefined` if `dev` never ran with this data folder. */
export async function readDevSecret(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
