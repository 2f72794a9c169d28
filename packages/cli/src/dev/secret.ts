import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { generateVapidKeys } from '@support-engine/delivery';
import { generateSealKeyPem } from '@support-engine/eventstore';

/**
 * The dev signing secret in `file`, created (random, owner-only) on first use. Kept on disk so
 * tokens minted with `support-engine token` keep working across `npm start` restarts.
 */
export function readOrCreateDevSecret(file: string): Promise<string> {
  return readOrCreate(file, () => randomBytes(48).toString('base64url'));
}

/**
 * The dev sealing key (Ed25519, PKCS#8 PEM) in `file`, created on first use: the seal file stays
 * verifiable across restarts. A real deployment keeps its key off the database host instead.
 */
export async function readOrCreateDevSealKey(file: string): Promise<void> {
  await readOrCreate(file, generateSealKeyPem);
}

/** The mailbox `dev` receives mail for, and sends from (`MAIL_FROM`). */
export const DEV_MAILBOX = 'support@localhost';

/**
 * The delivery settings `dev` supplies unless the environment has its own: mail to the mail
 * catcher, webhooks signed with a key kept in the data folder and allowed to reach the local
 * receiver, push signed with a VAPID pair kept there too (so subscriptions outlive restarts), and
 * the key of mail threads (reply tokens, ticket Message-IDs) kept there, which the mail ingress
 * reads too: an answer to a mail sent before a restart still finds its ticket.
 */
export async function devDeliveryEnv(
  paths: { webhookKey: string; vapidKeys: string; mailThreadKey: string },
  smtpPort: number,
): Promise<Record<string, string>> {
  const webhookKey = await readOrCreate(paths.webhookKey, () => randomBytes(32).toString('hex'));
  const mailThreadKey = await readOrCreate(paths.mailThreadKey, () => randomBytes(32).toString('hex'));
  const vapid = JSON.parse(await readOrCreate(paths.vapidKeys, () => JSON.stringify(generateVapidKeys()))) as {
    publicKey: string;
    privateKey: string;
  };
  return {
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: `Support (dev) <${DEV_MAILBOX}>`,
    MAIL_THREAD_KEY: mailThreadKey,
    WEBHOOK_SECRET_KEY: webhookKey,
    WEBHOOKS_ALLOW_PRIVATE: 'true',
    PUSH_ALLOW_PRIVATE: 'true',
    VAPID_SUBJECT: 'mailto:support@localhost',
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
  };
}

/**
 * The mail ingress settings `dev` supplies unless the environment has its own: the dev mailbox,
 * also the sender, so the engine's own mail is never taken for a customer's (the thread key
 * comes with {@link devDeliveryEnv}, shared with delivery).
 */
export const DEV_MAIL_IN_ENV: Readonly<Record<string, string>> = {
  MAIL_IN_MAILBOXES: DEV_MAILBOX,
  MAIL_OWN_ADDRESSES: DEV_MAILBOX,
  MAIL_IN_HOSTNAME: 'localhost',
};

async function readOrCreate(file: string, make: () => string): Promise<string> {
  const existing = await readDevSecret(file);
  if (existing !== undefined) return existing;
  const secret = make().trim();
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it between our read and write: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readDevSecret(file))!;
    throw error;
  }
}

/** The dev secret (or key) in `file`, or `undefined` if `dev` never ran with this data folder. */
export async function readDevSecret(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
