import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandBus } from '@support-engine/application';
import type { MailOrigin } from '@support-engine/domain/inbound-mail';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalAttachmentStorage } from './attachments/local-storage.js';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// A ticket message that came by mail shows its origin to staff (sender, mailbox, what was verified,
// the whole text) and lets staff, never the customer, download the raw original.

const ADA = 'cust-mail-ada';
const RAW = Buffer.from(
  'From: Ada <ada@example.org>\r\nTo: support@example.com\r\nMessage-ID: <m1@example.org>\r\nSubject: Export\r\n\r\nIt fails.\r\n\r\nOn Mon, Acme wrote:\r\n> Retry?\r\n',
);

let h: ApiHarness;
let dir: string;
let ada: string;
let uploader: string;
let otherAgent: string;
let auditor: string;
let mail: MailOrigin;

const MESSAGES =
  'query($id: ID!, $asOf: DateTime) { ticket(id: $id, asOf: $asOf) { messages { body mail { from messageId mailbox authentication { spf dkim dmarc } original originalUrl fullText } } } }';

interface MessageRead {
  body: string;
  mail: (Omit<MailOrigin, 'mailKey'> & { originalUrl: string }) | null;
}

const messagesOf = async (ticketId: string, token: string, asOf?: Date) =>
  field<{ messages: MessageRead[] }>(await h.gql(MESSAGES, { id: ticketId, asOf }, token), 'ticket').messages;

const download = (url: string, token: string) =>
  h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'message-mail-int-'));
  h = await createApiHarness({ attachmentStorage: await createLocalAttachmentStorage(dir) });
  ada = await h.token('customer', ADA);
  uploader = await h.token('agent', 'agent-mail-in');
  otherAgent = await h.token('agent', 'agent-other');
  auditor = await h.token('auditor', 'auditor-mail');
  // The raw message stored as a file, as the mail ingress keeps it; here uploaded by one agent.
  const grant = field<{ attachmentId: string; uploadUrl: string }>(
    await h.gql(
      'mutation { createAttachmentUpload(input: { fileName: "original.txt" }) { attachmentId uploadUrl } }',
      {},
      uploader,
    ),
    'createAttachmentUpload',
  );
  const put = await h.app.inject({ method: 'PUT', url: grant.uploadUrl, payload: RAW });
  expect(put.statusCode).toBe(201);
  mail = {
    messageId: 'm1@example.org',
    mailKey: 'mid:m1@example.org',
    original: grant.attachmentId,
    from: 'ada@example.org',
    mailbox: 'support@example.com',
    authentication: { spf: 'pass', dkim: 'pass', dmarc: 'fail' },
    fullText: 'It fails.\n\nOn Mon, Acme wrote:\n> Retry?',
  };
  // Through the domain's command path, as the mail ingress opens a ticket (the API never takes `mail`).
  const bus = createCommandBus(h.store, () => h.clock.now);
  const customer = { id: ADA, role: 'customer' } as const;
  await bus.send(
    'ticket',
    't-mail-1',
    {
      type: 'OpenTicket',
      data: {
        ticketId: 't-mail-1',
        customerId: ADA,
        subject: 'Export',
        description: 'It fails.',
        channel: 'email',
        mail,
      },
    },
    customer,
    'mail:m1',
  );
  await bus.send(
    'ticket',
    't-mail-1',
    { type: 'CustomerReply', data: { ticketId: 't-mail-1', body: 'Typed in the app.' } },
    customer,
    'app:1',
  );
  await vi.waitFor(
    async () =>
      expect((await h.gql(MESSAGES, { id: 't-mail-1' }, otherAgent)).data?.ticket).toMatchObject({
        messages: [{}, {}],
      }),
    { timeout: 10_000 },
  );
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a message that came by mail', () => {
  it('shows staff its sender, mailbox, verification, original and whole text; a message typed in the app has none', async () => {
    const [first, second] = await messagesOf('t-mail-1', otherAgent);
    expect(first).toEqual({
      body: 'It fails.',
      mail: {
        from: 'ada@example.org',
        messageId: 'm1@example.org',
        mailbox: 'support@example.com',
        authentication: { spf: 'pass', dkim: 'pass', dmarc: 'fail' },
        original: mail.original,
        originalUrl: `/attachments/${mail.original}`,
        fullText: mail.fullText,
      },
    });
    expect(second).toEqual({ body: 'Typed in the app.', mail: null });
  });

  it('shows the same in a past view of the ticket, read from its history', async () => {
    const then = new Date(h.clock.now.getTime() + 1000);
    h.clock.now = new Date(then.getTime() + 60_000);
    expect(await messagesOf('t-mail-1', otherAgent, then)).toEqual(await messagesOf('t-mail-1', otherAgent));
  });

  it('shows the customer their message without its mail origin', async () => {
    const messages = await messagesOf('t-mail-1', ada);
    expect(messages.map((message) => message.mail)).toEqual([null, null]);
  });

  it('lets any staff member download the raw original, and never the customer', async () => {
    const url = `/attachments/${mail.original}`;
    for (const token of [otherAgent, auditor]) {
      const response = await download(url, token);
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(RAW)).toBe(true);
    }
    const refused = await download(url, ada);
    expect(refused.statusCode).toBe(404);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('NOT_FOUND');
    const asQuery = await h.gql('query($id: ID!) { attachment(id: $id) { id } }', { id: mail.original }, ada);
    expect(asQuery.data).toEqual({ attachment: null });
  });
});
