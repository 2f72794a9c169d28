import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalAttachmentStorage } from '@support-engine/api';
import { createMailSink, type MailInTables } from '@support-engine/mail-in';
import { freePort } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateAll, openDatabases } from '../services/databases.js';
import { killEngineProcesses, startEngineProcess } from '../testing/processes.fixture.js';

// `support-engine mail-in` SIGKILLed while it processes a batch of recorded mail, then started
// again: every message ends with exactly one ticket, none lost, none doubled.

afterAll(() => killEngineProcesses());

const MESSAGES = 40;

describe('support-engine mail-in killed mid-processing', () => {
  it('leaves no message without its ticket and none with two', async () => {
    const databaseUrl = await createTestDatabase('cli_mail_kill');
    const folder = await mkdtemp(join(tmpdir(), 'cli-mail-kill-'));
    const databases = openDatabases(databaseUrl);
    try {
      await migrateAll(databases);
      const db = databases.store.db.withTables<MailInTables>() as unknown as Parameters<typeof createMailSink>[0];
      const sink = createMailSink(db, await createLocalAttachmentStorage(folder));
      // Recorded as an ingress records them, before the processing runs: a backlog it works through.
      for (let n = 1; n <= MESSAGES; n += 1) {
        const raw = Buffer.from(
          `From: Sender ${n} <sender-${n % 7}@customer.test>\r\nTo: help@example.test\r\nSubject: Order ${n}\r\n` +
            `Message-ID: <kill-${n}@customer.test>\r\n\r\nWhere is order ${n}?\r\n`,
        );
        await sink.record({ raw, source: 'smtp', mailbox: 'help@example.test', receivedAt: new Date() });
      }
      const env = {
        DATABASE_URL: databaseUrl,
        ATTACHMENT_DIR: folder,
        MAIL_IN_HOST: '127.0.0.1',
        MAIL_IN_MAILBOXES: 'help@example.test',
        MAIL_THREAD_KEY: 'cd'.repeat(32),
        // A message held by the killed process is taken over after a second, not a minute.
        MAIL_IN_PROCESSING_LEASE_SECONDS: '1',
      };
      const states = () =>
        db
          .selectFrom('mail_in_messages')
          .select(['state', sql<number>`count(*)::int`.as('count')])
          .groupBy('state')
          .execute()
          .then((rows) => Object.fromEntries(rows.map((row) => [row.state, row.count])) as Record<string, number>);

      const first = startEngineProcess('mail-in', { ...env, MAIL_IN_PORT: String(await freePort()) });
      await expect.poll(async () => (await states()).done ?? 0, { timeout: 60_000, interval: 20 }).toBeGreaterThan(2);
      await first.kill();
      expect((await states()).pending ?? 0).toBeGreaterThan(0);

      const second = startEngineProcess('mail-in', { ...env, MAIL_IN_PORT: String(await freePort()) });
      await expect.poll(async () => (await states()).done ?? 0, { timeout: 90_000 }).toBe(MESSAGES);
      expect(await second.stop()).toBe(0);

      // One TicketOpened per message, each naming its message; one registration per sender.
      const opened = await sql<{ key: string; count: number }>`
        select data->'mail'->>'mailKey' as key, count(*)::int as count from events
         where type = 'TicketOpened' group by 1`.execute(databases.store.db);
      expect(opened.rows).toHaveLength(MESSAGES);
      expect(opened.rows.every((row) => row.count === 1)).toBe(true);
      const registered = await sql<{ count: number }>`
        select count(*)::int as count from events where type = 'CustomerRegistered'`.execute(databases.store.db);
      expect(registered.rows[0]?.count).toBe(7);
    } finally {
      await databases.close();
    }
  });
});
