import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalAttachmentStorage } from '@support-engine/api';
import type { MailInTables } from '@support-engine/mail-in';
import { freePort } from '@support-engine/servers';
import { createTestDatabase } from '@support-engine/servers/testing';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabases } from '../services/databases.js';
import { killEngineProcesses, startEngineProcess } from '../testing/processes.fixture.js';

// `support-engine mail-in` as a deployment runs it: its own process, configured by the
// environment, recording mail into the database and the attachment folder the API reads.

afterAll(() => killEngineProcesses());

describe('support-engine mail-in', () => {
  it('refuses a bad configuration, naming each variable, before it listens', async () => {
    const command = startEngineProcess('mail-in', {
      DATABASE_URL: 'postgres://unused',
      MAIL_IN_PORT: 'twenty-five',
      MAIL_IN_MAILBOXES: 'support',
    });
    expect(await command.exited()).toBe(1);
    expect(command.stderr()).toMatch(/MAIL_IN_PORT: expected a whole number/);
    expect(command.stderr()).toMatch(/MAIL_IN_MAILBOXES: expected an address/);
  });

  it('records mail for its mailboxes before 250, refuses the rest, and stops on SIGTERM', async () => {
    const databaseUrl = await createTestDatabase('cli_mail_in');
    const folder = await mkdtemp(join(tmpdir(), 'cli-mail-in-'));
    const port = await freePort();
    const command = startEngineProcess('mail-in', {
      DATABASE_URL: databaseUrl,
      ATTACHMENT_DIR: folder,
      MAIL_IN_HOST: '127.0.0.1',
      MAIL_IN_PORT: String(port),
      MAIL_IN_MAILBOXES: 'help@example.test',
      MAIL_THREAD_KEY: 'ab'.repeat(32),
      LOG_LEVEL: 'info',
    });
    await expect
      .poll(() => command.stdout().includes('SMTP ingress listening') || command.child.exitCode !== null, {
        timeout: 60_000,
      })
      .toBe(true);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const info = await transport.sendMail({
      from: 'ada@customer.test',
      to: ['Help@example.test', 'nobody@example.test'],
      subject: 'Hello',
      text: 'Is anyone there?',
      messageId: '<cli-1@customer.test>',
    });
    expect(info.accepted).toEqual(['Help@example.test']);
    expect(info.rejected).toEqual(['nobody@example.test']);

    const databases = openDatabases(databaseUrl);
    try {
      const [row, ...others] = await databases.store.db
        .withTables<MailInTables>()
        .selectFrom('mail_in_messages')
        .select(['message_key', 'mailbox', 'storage_key', 'client_ip'])
        .execute();
      expect(others).toEqual([]);
      expect(row).toMatchObject({ message_key: 'mid:cli-1@customer.test', mailbox: 'help@example.test' });
      // The raw message is in the attachment folder, where the API and the processing read it.
      const file = await (await createLocalAttachmentStorage(folder)).read(row!.storage_key);
      const chunks: Buffer[] = [];
      for await (const chunk of file!.body) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString('utf8')).toContain('Is anyone there?');
      // The processing runs in the same process: the mail opened a ticket.
      const processed = () =>
        databases.store.db
          .withTables<MailInTables>()
          .selectFrom('mail_in_messages')
          .select(['state', 'ticket_id', 'last_error'])
          .executeTakeFirstOrThrow();
      await expect.poll(processed, { timeout: 30_000 }).toMatchObject({ state: 'done', ticket_id: expect.any(String) });
    } finally {
      await databases.close();
    }
    expect(command.stdout()).toMatch(/"code":"MAILBOX_UNKNOWN"/);
    expect(await command.stop()).toBe(0);
    await expect(transport.verify()).rejects.toThrow();
  });
});
