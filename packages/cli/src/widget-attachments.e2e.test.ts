import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { expectAccessible } from './testing/desk.fixture.js';
import { chatAcceptedByAda, frameOf, openShop, startWidgetSuite, type WidgetSuite } from './testing/widget.fixture.js';

// Files from the widget: the visitor attaches one in the frame (its progress shown), Ada sees it in
// the desk's chat console and opens it; a file the API's checks refuse by what its bytes are says
// why in the frame, and reaches nobody.

let widget: WidgetSuite;

beforeAll(async () => {
  widget = await startWidgetSuite();
});
afterAll(async () => widget?.close());

/** A PNG chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = 0xffffffff;
  for (const byte of body) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  const framed = Buffer.alloc(body.length + 8);
  framed.writeUInt32BE(data.length, 0);
  body.copy(framed, 4);
  framed.writeUInt32BE((crc ^ 0xffffffff) >>> 0, body.length + 4);
  return framed;
}

/** A picture of `side` × `side` grey pixels whose rows differ (so it does not compress to nothing): a real PNG. */
function png(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc(side * (side + 1));
  for (let i = 0; i < rows.length; i++) rows[i] = i % (side + 1) === 0 ? 0 : (i * 2_654_435_761) >>> 24;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('files from the widget', () => {
  it('a visitor attaches a file with its progress; Ada sees it in the chat and opens it; a refused file says why', async () => {
    await widget.setAvailability('agent-ada', 'available');
    const ada = await widget.suite.signIn('Sign in as Ada Lovelace');
    const visitor = await widget.suite.browser.context.newPage();
    const errors = await openShop(visitor, widget.shop.url);
    await withScreenshotOnFailure(visitor, 'widget-attachments', async () => {
      const desk = ada.page;
      const frame = await chatAcceptedByAda(visitor, desk, {
        name: 'Flora Files',
        email: 'flora@example.com',
        message: 'My receipt is attached.',
      });

      // Every status line the frame shows while the file goes (the progress passes quickly on loopback).
      const frameDocument = await frameOf(visitor);
      await frameDocument.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { statuses: string[] }).statuses = seen;
        new MutationObserver(() => {
          for (const status of document.querySelectorAll('[role="status"]')) {
            const text = status.textContent?.trim() ?? '';
            if (text !== '' && seen.at(-1) !== text) seen.push(text);
          }
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      const picture = png(1024);
      await frame.locator('input[type="file"]').setInputFiles({
        name: 'receipt.png',
        mimeType: 'image/png',
        buffer: picture,
      });
      await frame.getByRole('link', { name: 'receipt.png' }).waitFor();
      const statuses = await frameDocument.evaluate(() => (window as unknown as { statuses: string[] }).statuses);
      expect(statuses.some((text) => /^Sending receipt\.png: \d+%$/.test(text))).toBe(true);
      expect(statuses.at(-1)).toBe('receipt.png attached');
      await expectAccessible(frameDocument);

      // Ada has it in the conversation, shown as a picture, and opens it: the same bytes.
      const file = desk.getByTestId('chat-messages').locator('figure[data-attachment="receipt.png"]');
      await file.getByRole('img', { name: /receipt\.png/ }).waitFor();
      const [download] = await Promise.all([
        desk.waitForEvent('download'),
        file.getByRole('link', { name: /receipt\.png/ }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('receipt.png');
      expect((await readFile((await download.path())!)).equals(picture)).toBe(true);

      // A program named as a PDF: the API reads its bytes and refuses it; the frame says why.
      await frame.locator('input[type="file"]').setInputFiles({
        name: 'invoice.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(4096, 1)]),
      });
      await frame
        .getByRole('alert')
        .filter({ hasText: 'This kind of file cannot be sent: send a picture, a PDF, a text or an office document.' })
        .waitFor();
      await expectAccessible(frameDocument);
      expect(await frame.getByRole('link', { name: 'invoice.pdf' }).count()).toBe(0);
      expect(await desk.locator('figure[data-attachment="invoice.pdf"]').count()).toBe(0);
    });
    // The refused upload's answer (415) is the browser's only complaint.
    expect(errors.filter((error) => !error.includes('415'))).toEqual([]);
    expect(ada.consoleErrors).toEqual([]);
    await visitor.close();
    await ada.page.close();
  });
});
