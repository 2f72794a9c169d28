/** Test support (not a test file): a fresh database with the mail-in tables, and a local storage. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttachmentStorage, createLocalAttachmentStorage } from '@support-engine/api';
import { createTestDatabase } from '@support-engine/servers/testing';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type MailInTables, migrateMailIn } from '../store/schema.js';

/** A migrated database for the mail-in tables, and an attachment storage in a fresh folder. */
export async function createMailDb(
  prefix: string,
): Promise<{ db: Kysely<MailInTables>; storage: AttachmentStorage; connectionString: string; folder: string }> {
  const connectionString = await createTestDatabase(prefix);
  const db = new Kysely<MailInTables>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 10 }) }),
  });
  await migrateMailIn(db);
  const folder = await mkdtemp(join(tmpdir(), `${prefix}-files-`));
  return { db, storage: await createLocalAttachmentStorage(folder), connectionString, folder };
}

/** A plain message from `from` to `to`, with `headers` added above the body. */
export function plainMessage(options: {
  readonly from?: string;
  readonly to?: string;
  readonly subject?: string;
  readonly messageId?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}): Buffer {
  const lines = [
    `From: ${options.from ?? 'Bob Customer <bob@customer.test>'}`,
    `To: ${options.to ?? 'support@support.test'}`,
    `Subject: ${options.subject ?? 'My order never arrived'}`,
    ...(options.messageId === undefined ? [] : [`Message-ID: <${options.messageId}>`]),
    'Date: Sat, 28 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    '',
    options.body ?? 'Hello, order 1042 has not arrived yet.',
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}
