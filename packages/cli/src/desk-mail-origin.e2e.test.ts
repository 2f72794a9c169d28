import { readFile } from 'node:fs/promises';
import { createCommandBus } from '@support-engine/application';
import type { MailOrigin } from '@support-engine/domain/inbound-mail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabases } from './services/databases.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// A ticket that came by mail, as an agent reads it: each message that came by mail says so, with
// what was verified of its sender in words, the raw original to download, and the full message
// (the quoted text the mail ingress left out) on demand, from the keyboard.

const TICKET = 'demo-mail-export';
const CUSTOMER = 'cust-mail-grace';
const RAW = [
  'From: Grace Hopper <grace@example.org>',
  'To: support@example.com',
  'Message-ID: <export-1@example.org>',
  'Subject: The export stops at 80%',
  '',
  'The export stops at 80% since this morning.',
  '',
  'On Mon, 3 Nov 2026 at 10:12, Acme Support <support@example.com> wrote:',
  '> Could you try the export again?',
  '',
].join('\r\n');
const FULL_TEXT =
  'The export stops at 80% since this morning.\n\nOn Mon, 3 Nov 2026 at 10:12, Acme Support <support@example.com> wrote:\n> Could you try the export again?';

let suite: DeskSuite;

/** The raw message stored as a file, as the mail ingress keeps it (here uploaded by a staff member). */
async function storeOriginal(): Promise<string> {
  const { stack } = suite;
  const token = await stack.token('agent', 'agent-mail-in');
  const { createAttachmentUpload: grant } = await stack.client.request<{
    createAttachmentUpload: { attachmentId: string; uploadUrl: string };
  }>('mutation { createAttachmentUpload(input: { fileName: "original.txt" }) { attachmentId uploadUrl } }', {}, token);
  const response = await fetch(new URL(grant.uploadUrl, stack.engine.api.url), { method: 'PUT', body: RAW });
  expect(response.status).toBe(201);
  return grant.attachmentId;
}

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
  const original = await storeOriginal();
  const mail = (messageId: string, authentication: MailOrigin['authentication'], fullText?: string): MailOrigin => ({
    messageId,
    mailKey: `mid:${messageId}`,
    original,
    from: 'grace@example.org',
    mailbox: 'support@example.com',
    authentication,
    ...(fullText === undefined ? {} : { fullText }),
  });
  // Through the domain's command path, as the mail ingress opens a ticket and threads a reply.
  const databases = openDatabases(suite.stack.databaseUrl);
  try {
    const bus = createCommandBus(databases.store, () => new Date());
    const grace = { id: CUSTOMER, role: 'customer' } as const;
    await bus.send(
      'ticket',
      TICKET,
      {
        type: 'OpenTicket',
        data: {
          ticketId: TICKET,
          customerId: CUSTOMER,
          subject: 'The export stops at 80%',
          description: 'The export stops at 80% since this morning.',
          channel: 'email',
          mail: mail('export-1@example.org', { spf: 'pass', dkim: 'pass', dmarc: 'pass' }, FULL_TEXT),
        },
      },
      grace,
      'mail:export-1',
    );
    await bus.send(
      'ticket',
      TICKET,
      {
        type: 'CustomerReply',
        data: {
          ticketId: TICKET,
          body: 'It also happens with a smaller file.',
          mail: mail('export-2@example.org', { spf: 'pass', dkim: 'none', dmarc: 'none' }),
        },
      },
      grace,
      'mail:export-2',
    );
  } finally {
    await databases.close();
  }
}, 600_000);
afterAll(async () => {
  await suite?.close();
});

describe('a ticket that came by mail', () => {
  it('shows each mail with its verification, the full message on demand and the original to download', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-mail-origin', async () => {
      await page.goto(suite.url(`/tickets/${TICKET}`));
      const messages = page.locator('li.message');
      const first = messages.filter({ hasText: 'The export stops at 80% since this morning.' });
      const reply = messages.filter({ hasText: 'It also happens with a smaller file.' });
      await first.waitFor();
      await reply.waitFor();

      await expect.poll(() => first.getByText('By email').count()).toBe(1);
      expect(await first.textContent()).toContain('from grace@example.org to support@example.com');
      await first.getByText('Verified sender (SPF, DKIM, DMARC pass)').waitFor();
      await reply.getByText('Sender not verified: no DMARC pass (DMARC none)').waitFor();
      // The quoted text stays out until asked for; a mail with nothing left out offers no toggle.
      expect(await first.textContent()).not.toContain('Could you try the export again?');
      expect(await reply.getByRole('button', { name: 'Show full message' }).count()).toBe(0);
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-mail-origin');

      // The full message, from the keyboard, and back.
      const toggle = first.getByRole('button', { name: 'Show full message' });
      await toggle.focus();
      await page.keyboard.press('Enter');
      const full = first.getByLabel('Full message, with the quoted text');
      await full.waitFor();
      expect(await full.textContent()).toBe(FULL_TEXT);
      const back = first.getByRole('button', { name: 'Show only the reply' });
      expect(await back.getAttribute('aria-expanded')).toBe('true');
      await expectAccessible(page);
      await back.press('Enter');
      await first.getByRole('button', { name: 'Show full message' }).waitFor();
      expect(await first.textContent()).not.toContain('Could you try the export again?');

      // The raw original, as received.
      const downloading = page.waitForEvent('download');
      await first.getByRole('link', { name: 'Show original' }).press('Enter');
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\.eml$/);
      expect(await readFile((await download.path())!, 'utf8')).toBe(RAW);
    });
    expect(consoleErrors).toEqual([]);
  });
});
