import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttachmentStorage,
  type AttachmentsTable,
  createLocalAttachmentStorage,
  migrateAttachments,
} from '@support-engine/api';
import { createCommandBus } from '@support-engine/application';
import { createMailProcessor, loadMailInConfig, type MailInTables } from '@support-engine/mail-in';
import { freePort, startImapServer } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Databases, migrateAll, openDatabases } from './databases.js';
import { type MailProcessorFactory, type RunningMailIn, startMailIn } from './mail-in.js';

// Each door of `startMailIn` hands the processor the bytes it has just recorded, as the SMTP
// ingress does: the message is processed once, and its raw bytes are never read back.

const MAILBOX = 'support@example.test';
const USER = 'imap-user@example.test';
const PASSWORD = 'imap-test-password';
const PATH_SECRET = 'w'.repeat(40);
const WAIT = { timeout: 30_000, interval: 100 };

let databases: Databases;
let folder: string;
beforeAll(async () => {
  databases = openDatabases(await createTestDatabase('cli_mail_in_doors'));
  await migrateAll(databases);
  folder = await mkdtemp(join(tmpdir(), 'cli-mail-in-doors-'));
});
afterAll(() => databases?.close());

/** The local storage, counting the reads of each key: a read of a raw message is one the fast path should have spared. */
async function countingStorage(): Promise<{ storage: AttachmentStorage; reads: Map<string, number> }> {
  const local = await createLocalAttachmentStorage(folder);
  const reads = new Map<string, number>();
  return {
    reads,
    storage: {
      kind: local.kind,
      write: (key, body) => local.write(key, body),
      remove: (key) => local.remove(key),
      read(key) {
        reads.set(key, (reads.get(key) ?? 0) + 1);
        return local.read(key);
      },
    },
  };
}

/**
 * The engine's processor without its loop: only the doors' fast path (`processNow`) takes a
 * message, so the storage's reads say what each door handed over (a loop polling at that moment
 * could take the message first, and read it, whatever the door did).
 */
const fastPathOnly: MailProcessorFactory = async ({ databases: { store, db: readDb }, db, storage, config }) => {
  await migrateAttachments(readDb.withTables<{ attachments: AttachmentsTable }>());
  const processor = createMailProcessor({
    db,
    storage,
    bus: createCommandBus(store, () => new Date()),
    threadKey: config.threadKey!,
    ownAddresses: config.mailboxes,
    logger: pino({ level: 'silent' }),
  });
  return { processNow: async (key, raw) => void (await processor.processNow(key, raw)), stop: () => processor.stop() };
};

async function mailIn(env: NodeJS.ProcessEnv, storage: AttachmentStorage): Promise<RunningMailIn> {
  return startMailIn({
    databases,
    storage,
    config: loadMailInConfig({
      MAIL_IN_HOST: '127.0.0.1',
      MAIL_IN_PORT: '0',
      MAIL_IN_MAILBOXES: MAILBOX,
      MAIL_THREAD_KEY: 'cd'.repeat(32),
      ...env,
    }),
    logger: pino({ level: 'silent' }),
    processor: fastPathOnly,
    imapEnv: env,
  });
}

function message(messageId: string): Buffer {
  return Buffer.from(
    [
      'From: Bob Customer <bob@customer.test>',
      `To: ${MAILBOX}`,
      'Subject: My order never arrived',
      `Message-ID: <${messageId}>`,
      'Date: Sat, 28 Nov 2026 09:00:00 +0000',
      '',
      'Hello, order 1042 has not arrived yet.',
      '',
    ].join('\r\n'),
  );
}

/** Puts `raw` into the user's INBOX as a mail client does (IMAP `APPEND`, RFC 9051), over plain TCP. */
async function imapAppend(server: { host: string; port: number }, raw: Buffer): Promise<void> {
  const socket = connect(server.port, server.host);
  let heard = '';
  const hear = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (/^\S+ (NO|BAD) /m.test(heard)) reject(new Error(`IMAP refused: ${heard}`));
        else if (pattern.test(heard)) resolve();
        else socket.once('data', check);
      };
      check();
    });
  socket.on('data', (chunk: Buffer) => {
    heard += chunk.toString('utf8');
  });
  try {
    await hear(/^\* OK/m);
    socket.write(`a1 LOGIN "${USER}" "${PASSWORD}"\r\n`);
    await hear(/^a1 OK/m);
    socket.write(`a2 APPEND INBOX {${raw.length}}\r\n`);
    await hear(/^\+/m);
    socket.write(Buffer.concat([raw, Buffer.from('\r\n')]));
    await hear(/^a2 OK/m);
    socket.write('a3 LOGOUT\r\n');
  } finally {
    socket.end();
  }
}

/** The message's row once processed, and how many tickets name it as their origin. */
async function processedOnce(key: string): Promise<{ storageKey: string; opened: number }> {
  const row = await databases.store.db
    .withTables<MailInTables>()
    .selectFrom('mail_in_messages')
    .select(['state', 'attempts', 'storage_key', 'ticket_id'])
    .where('message_key', '=', key)
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({ state: 'done', attempts: 1, ticket_id: expect.any(String) });
  const opened = await databases.store.db
    .selectFrom('events')
    .select('type')
    .where('type', '=', 'TicketOpened')
    .where('stream_id', '=', `ticket-${row.ticket_id}`)
    .execute();
  return { storageKey: row.storage_key, opened: opened.length };
}

describe('the doors of mail-in hand the processor the bytes they recorded', () => {
  it('IMAP: a message taken from the mailbox is processed once, its bytes never read back', async () => {
    const server = await startImapServer({ username: USER, password: PASSWORD });
    const { storage, reads } = await countingStorage();
    const running = await mailIn(
      {
        MAIL_IN_IMAP_ACCOUNTS: 'support',
        MAIL_IN_IMAP_SUPPORT_HOST: server.host,
        MAIL_IN_IMAP_SUPPORT_PORT: String(server.port),
        MAIL_IN_IMAP_SUPPORT_TLS: 'none',
        MAIL_IN_IMAP_SUPPORT_USER: USER,
        MAIL_IN_IMAP_SUPPORT_PASSWORD: PASSWORD,
        MAIL_IN_IMAP_SUPPORT_ADDRESS: MAILBOX,
      },
      storage,
    );
    try {
      await imapAppend(server, message('by-imap@customer.test'));
      await vi.waitFor(async () => expect(await processedOnce('mid:by-imap@customer.test')).toBeDefined(), WAIT);
      const { storageKey, opened } = await processedOnce('mid:by-imap@customer.test');
      expect(opened).toBe(1);
      expect(reads.get(storageKey) ?? 0).toBe(0);
    } finally {
      await running.stop();
      await server.stop();
    }
  });

  it('webhook: a message a provider posts is processed once, its bytes never read back', async () => {
    const secrets = join(folder, 'webhook-secrets.json');
    await writeFile(secrets, JSON.stringify([{ mailbox: MAILBOX, pathSecret: PATH_SECRET }]));
    const { storage, reads } = await countingStorage();
    const webhookPort = await freePort();
    const running = await mailIn(
      { MAIL_IN_WEBHOOK_PORT: String(webhookPort), MAIL_IN_WEBHOOK_SECRETS_FILE: secrets },
      storage,
    );
    try {
      const posted = await fetch(`http://127.0.0.1:${webhookPort}/mail/inbound/${PATH_SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822' },
        body: new Uint8Array(message('by-webhook@customer.test')),
      });
      expect(await posted.json()).toEqual({ key: 'mid:by-webhook@customer.test', duplicate: false });
      await vi.waitFor(async () => expect(await processedOnce('mid:by-webhook@customer.test')).toBeDefined(), WAIT);
      const { storageKey, opened } = await processedOnce('mid:by-webhook@customer.test');
      expect(opened).toBe(1);
      expect(reads.get(storageKey) ?? 0).toBe(0);
    } finally {
      await running.stop();
    }
  });
});
