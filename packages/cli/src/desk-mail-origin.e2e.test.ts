import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import { createCommandBus } from '@support-engine/application';
import type { MessageAttachment } from '@support-engine/domain/attachment';
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

const SCREENSHOT_TEXT = 'Here is what the page shows:\n\n[the error dialog]\n\nIt happens every time.';

let suite: DeskSuite;

/** A file stored as the mail ingress keeps it (here uploaded by a staff member), as a message records it. */
async function store(fileName: string, bytes: Uint8Array | string): Promise<MessageAttachment> {
  const { stack } = suite;
  const token = await stack.token('agent', 'agent-mail-in');
  const { createAttachmentUpload: grant } = await stack.client.request<{
    createAttachmentUpload: { attachmentId: string; uploadUrl: string };
  }>(
    'mutation($name: String!) { createAttachmentUpload(input: { fileName: $name }) { attachmentId uploadUrl } }',
    { name: fileName },
    token,
  );
  const response = await fetch(new URL(grant.uploadUrl, stack.engine.api.url), {
    method: 'PUT',
    body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes),
  });
  expect(response.status).toBe(201);
  const { attachment } = await stack.client.request<{
    attachment: { contentType: string; size: number; sha256: string };
  }>('query($id: ID!) { attachment(id: $id) { contentType size sha256 } }', { id: grant.attachmentId }, token);
  return { attachmentId: grant.attachmentId, fileName, ...attachment };
}

/** A PNG of one colour, `width` by `height` (a screenshot pasted into a mail). */
function solidPng(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
  const { attachmentId: original } = await store('original.txt', RAW);
  const screenshot = await store('error.png', solidPng(160, 60, [200, 40, 40]));
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
    // An HTML mail with a pasted screenshot: the image placed where its stand-in is in the text.
    const start = SCREENSHOT_TEXT.indexOf('[the error dialog]');
    await bus.send(
      'ticket',
      TICKET,
      {
        type: 'CustomerReply',
        data: {
          ticketId: TICKET,
          body: SCREENSHOT_TEXT,
          attachments: [screenshot],
          mail: {
            ...mail('export-3@example.org', { spf: 'pass', dkim: 'pass', dmarc: 'pass' }),
            inline: [{ attachmentId: screenshot.attachmentId, start, end: start + '[the error dialog]'.length }],
          },
        },
      },
      grace,
      'mail:export-3',
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

describe('an HTML mail with a pasted screenshot', () => {
  it('draws the image inside the text where the mail showed it, not as a file under it', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-mail-inline-image', async () => {
      await page.goto(suite.url(`/tickets/${TICKET}`));
      const message = page.locator('li.message').filter({ hasText: 'Here is what the page shows:' });
      const image = message.getByRole('img', { name: 'the error dialog' });
      await image.waitFor();
      // In the text, between what was written before and after it; its stand-in gone.
      const text = await message.locator('p.body').evaluate((body) => {
        const drawn = body.querySelector('img')!;
        const before = document.createRange();
        before.setStart(body, 0);
        before.setEndBefore(drawn);
        const after = document.createRange();
        after.setStartAfter(drawn);
        after.setEnd(body, body.childNodes.length);
        return { before: before.toString(), after: after.toString(), shown: body.textContent };
      });
      expect(text.before).toBe('Here is what the page shows:\n\n');
      expect(text.after).toBe('\n\nIt happens every time.');
      expect(text.shown).not.toContain('[the error dialog]');
      expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
      expect(await message.locator('figure.attachment').count()).toBe(0);
      await expectAccessible(page);
      await message.scrollIntoViewIfNeeded();
      await keepScreenshot(page, 'desk-mail-inline-image');
    });
    expect(consoleErrors).toEqual([]);
  });
});
