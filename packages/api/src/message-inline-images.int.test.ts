import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandBus } from '@support-engine/application';
import type { MessageAttachment } from '@support-engine/domain/attachment';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalAttachmentStorage } from './attachments/local-storage.js';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// An HTML mail's inline image is placed in its message's text: every reader learns where
// (`Attachment.inlineSpan`, the span of the body its stand-in holds), and reads the image through
// the authorized download like any file of the message.

const ADA = 'cust-inline-ada';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const BODY = 'The export fails with this error:\n\n[the error]\n\nCan you help?';

let h: ApiHarness;
let dir: string;
let ada: string;
let agent: string;
let image: MessageAttachment;
let manual: MessageAttachment;

const MESSAGES =
  'query($id: ID!, $asOf: DateTime) { ticket(id: $id, asOf: $asOf) { messages { body attachments { id fileName url inlineSpan } } } }';

interface MessageRead {
  body: string;
  attachments: { id: string; fileName: string; url: string; inlineSpan: [number, number] | null }[];
}

const messagesOf = async (token: string, asOf?: Date) =>
  field<{ messages: MessageRead[] }>(await h.gql(MESSAGES, { id: 't-inline-1', asOf }, token), 'ticket').messages;

/** Uploads `bytes` as the customer and answers the file as a message records it. */
async function upload(fileName: string, bytes: Buffer): Promise<MessageAttachment> {
  const grant = field<{ attachmentId: string; uploadUrl: string }>(
    await h.gql(
      'mutation($name: String!) { createAttachmentUpload(input: { fileName: $name }) { attachmentId uploadUrl } }',
      { name: fileName },
      ada,
    ),
    'createAttachmentUpload',
  );
  expect((await h.app.inject({ method: 'PUT', url: grant.uploadUrl, payload: bytes })).statusCode).toBe(201);
  const stored = field<{ contentType: string; size: number; sha256: string }>(
    await h.gql('query($id: ID!) { attachment(id: $id) { contentType size sha256 } }', { id: grant.attachmentId }, ada),
    'attachment',
  );
  return { attachmentId: grant.attachmentId, fileName, ...stored };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'message-inline-int-'));
  h = await createApiHarness({ attachmentStorage: await createLocalAttachmentStorage(dir) });
  ada = await h.token('customer', ADA);
  agent = await h.token('agent', 'agent-inline');
  image = await upload('error.png', PNG);
  manual = await upload('manual.png', PNG);
  const original = await upload(
    'original.txt',
    Buffer.from('From: Ada <ada@example.org>\r\n\r\nThe export fails.\r\n'),
  );
  const start = BODY.indexOf('[the error]');
  // Through the domain's command path, as the mail ingress opens a ticket (the API never takes `mail`).
  const bus = createCommandBus(h.store, () => h.clock.now);
  await bus.send(
    'ticket',
    't-inline-1',
    {
      type: 'OpenTicket',
      data: {
        ticketId: 't-inline-1',
        customerId: ADA,
        subject: 'Export',
        description: BODY,
        attachments: [image, manual],
        channel: 'email',
        mail: {
          mailKey: 'mid:inline-1@example.org',
          original: original.attachmentId,
          from: 'ada@example.org',
          mailbox: 'support@example.com',
          authentication: { spf: 'none', dkim: 'none', dmarc: 'none' },
          inline: [{ attachmentId: image.attachmentId, start, end: start + '[the error]'.length }],
        },
      },
    },
    { id: ADA, role: 'customer' },
    'mail:inline-1',
  );
  await vi.waitFor(async () => expect(await messagesOf(agent)).toHaveLength(1), { timeout: 10_000 });
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('an inline image of a mail', () => {
  it('tells staff and the customer where the text shows it; a file not placed has no span', async () => {
    for (const token of [agent, ada]) {
      const [message] = await messagesOf(token);
      expect(message?.body).toBe(BODY);
      const [placed, plain] = message!.attachments;
      expect(placed).toMatchObject({ id: image.attachmentId, fileName: 'error.png' });
      expect(BODY.slice(placed!.inlineSpan![0], placed!.inlineSpan![1])).toBe('[the error]');
      expect(plain).toMatchObject({ id: manual.attachmentId, inlineSpan: null });
    }
  });

  it('places it the same in a past view, read from the ticket’s history', async () => {
    const then = new Date(h.clock.now.getTime() + 1000);
    h.clock.now = new Date(then.getTime() + 60_000);
    expect(await messagesOf(agent, then)).toEqual(await messagesOf(agent));
  });

  it('serves the image through the authorized download, to staff and to the customer', async () => {
    const [message] = await messagesOf(ada);
    for (const token of [agent, ada]) {
      const response = await h.app.inject({
        method: 'GET',
        url: message!.attachments[0]!.url,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(PNG)).toBe(true);
    }
  });
});
