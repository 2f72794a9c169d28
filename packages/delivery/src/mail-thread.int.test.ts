import { randomBytes, randomUUID } from 'node:crypto';
import { readReplyToken, replyTokenIsFor, ticketOfMessageId } from '@support-engine/delivery';
import { subAddressTag, ticketReferenceInSubject } from '@support-engine/domain/inbound-mail';
import { type CaughtMail, type RunningMailCatcher, startMailCatcher } from '@support-engine/servers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeliveryService } from './service.js';
import {
  agent,
  createDesk,
  customer,
  type Desk,
  SUPERVISOR,
  SYSTEM,
  testDeliveryConfig,
} from './testing/desk.fixture.js';
import { fileAttachments } from './testing/file-attachments.fixture.js';

// A ticket that came by email, end to end on real parts: events through the deciders into
// PostgreSQL, the notifier and the email dispatcher, a real SMTP server parsing what it receives.

const THREAD_KEY = randomBytes(32);
const MAILBOX = 'help@acme.test';
const origin = (messageId: string) => ({
  messageId,
  mailKey: `mid:${messageId}`,
  original: `raw-${messageId.split('@')[0]}`,
  from: 'ana@customer.test',
  mailbox: MAILBOX,
  authentication: { spf: 'pass', dkim: 'pass', dmarc: 'pass' },
});
const ids = (header: string | undefined) => (header ?? '').match(/<[^>]+>/g) ?? [];

describe('mail in an email ticket’s conversation', () => {
  let desk: Desk;
  let mail: RunningMailCatcher;
  let files: Awaited<ReturnType<typeof fileAttachments>>;
  const running = new AbortController();
  let service: Promise<void>;
  const ticketId = randomUUID();
  const toAna = (all: readonly CaughtMail[]) => all.filter((m) => m.to.includes('ana@customer.test'));

  beforeAll(async () => {
    desk = await createDesk('mail_thread');
    mail = await startMailCatcher();
    files = await fileAttachments();
    const config = testDeliveryConfig(
      { smtpPort: mail.smtpPort, key: randomBytes(32), timeoutMs: 5_000 },
      { mailThreadKey: THREAD_KEY },
    );
    service = runDeliveryService(
      { ...desk, config, logger: pino({ level: 'silent' }), attachments: files },
      running.signal,
    );
    await desk.run(
      'customer',
      'ana',
      { type: 'RegisterCustomer', data: { customerId: 'ana', name: 'Ana', email: 'ana@customer.test' } },
      SUPERVISOR,
    );
    await desk.run(
      'staff',
      'al',
      {
        type: 'SetStaffProfile',
        data: { staffId: 'al', name: 'Al', email: 'al@acme.test', channels: ['email'], groups: [] },
      },
      SUPERVISOR,
    );
  });

  afterAll(async () => {
    running.abort();
    await service;
    await mail?.stop();
    await desk?.close();
  });

  it('answers the customer’s mail in its thread, with the reply token and the ticket’s reference, automatic', async () => {
    await desk.run(
      'ticket',
      ticketId,
      {
        type: 'OpenTicket',
        data: {
          ticketId,
          customerId: 'ana',
          subject: 'Printer on fire',
          description: 'It smokes.\nWhat now?',
          channel: 'email',
          mail: origin('first@customer.test'),
        },
      },
      SYSTEM,
    );
    const [received] = toAna(await mail.waitFor((all) => toAna(all).length === 1));
    expect(received).toMatchObject({ subject: `Re: Printer on fire [#${ticketId}]` });
    expect(received?.from).toBe(`"Support" <${MAILBOX}>`);
    expect(received?.headers['auto-submitted']).toBe('auto-generated');
    expect(received?.headers['x-auto-response-suppress']).toBe('All');
    expect(received?.headers['in-reply-to']).toBe('<first@customer.test>');
    expect(ticketOfMessageId(received?.messageId ?? '', THREAD_KEY)).toBe(ticketId);
    expect(received?.text).toMatch(/^Thank you for your message/);
    const replyTo = received?.headers['reply-to'] ?? '';
    const claim = readReplyToken(subAddressTag(replyTo, MAILBOX) ?? '');
    expect(claim).toMatchObject({ kind: 'customer', ticketId });
    expect(claim && replyTokenIsFor(claim, 'ana', THREAD_KEY)).toBe(true);
    expect(claim && replyTokenIsFor(claim, 'mallory', THREAD_KEY)).toBe(false);
  });

  it('gives the assigned agent a Reply-To naming the ticket and them', async () => {
    await desk.run('ticket', ticketId, { type: 'AssignTicket', data: { ticketId, agentId: 'al' } }, SUPERVISOR);
    const [alert] = await mail.waitFor((all) => all.some((m) => m.to.includes('al@acme.test')));
    expect(alert?.headers['auto-submitted']).toBe('auto-generated');
    const claim = readReplyToken(subAddressTag(alert?.headers['reply-to'] ?? '', MAILBOX) ?? '');
    expect(claim).toMatchObject({ kind: 'staff', ticketId });
    expect(claim && replyTokenIsFor(claim, 'al', THREAD_KEY)).toBe(true);
  });

  it('sends the agent’s reply as the next message: not automatic, threaded, the customer quoted, files attached', async () => {
    await desk.run(
      'ticket',
      ticketId,
      {
        type: 'CustomerReply',
        data: { ticketId, body: 'It still smokes.', mail: origin('second@customer.test') },
      },
      customer('ana'),
    );
    const bytes = randomBytes(3_000);
    const manual = await files.put('file-manual', 'manual.pdf', 'application/pdf', bytes);
    const before = toAna(mail.messages()).length;
    await desk.run(
      'ticket',
      ticketId,
      { type: 'ReplyToTicket', data: { ticketId, body: 'Unplug it, then wait.', attachments: [manual] } },
      agent('al'),
    );
    const reply = toAna(await mail.waitFor((all) => toAna(all).some((m) => m.text.startsWith('Unplug it')))).find((m) =>
      m.text.startsWith('Unplug it'),
    );
    expect(toAna(mail.messages()).length).toBeGreaterThan(before);
    expect(reply?.headers['auto-submitted']).toBeUndefined();
    expect(reply?.headers['x-auto-response-suppress']).toBeUndefined();
    expect(ticketReferenceInSubject(reply?.subject ?? '')).toBe(ticketId);
    expect(reply?.subject).toBe(`Re: Printer on fire [#${ticketId}]`);
    expect(ticketOfMessageId(reply?.messageId ?? '', THREAD_KEY)).toBe(ticketId);
    // The thread: the customer's first mail, our confirmation, their answer; we answer the last.
    const confirmation = toAna(mail.messages()).find((m) => m.text.startsWith('Thank you for your message'));
    expect(ids(reply?.headers.references)).toEqual([
      '<first@customer.test>',
      confirmation?.messageId,
      '<second@customer.test>',
    ]);
    expect(reply?.headers['in-reply-to']).toBe('<second@customer.test>');
    expect(readReplyToken(subAddressTag(reply?.headers['reply-to'] ?? '', MAILBOX) ?? '')).toMatchObject({ ticketId });
    expect(reply?.text).toMatch(/UTC, you wrote:\n> It still smokes\.$/);
    expect(reply?.text).not.toContain('open your ticket to download');
    expect(reply?.attachments).toEqual([
      { filename: 'manual.pdf', contentType: 'application/pdf', size: bytes.length, sha256: manual.sha256 },
    ]);
  });

  it('never sends a reply without its files: one the storage cannot give, or whose bytes changed, is tried again', async () => {
    await desk.run(
      'customer',
      'bob',
      { type: 'RegisterCustomer', data: { customerId: 'bob', name: 'Bob', email: 'bob@customer.test' } },
      SUPERVISOR,
    );
    const kept = await files.put('file-changed', 'photo.png', 'image/png', randomBytes(100));
    const cases = [
      { ...kept, attachmentId: 'file-missing', fileName: 'gone.png' },
      { ...kept, sha256: 'f'.repeat(64) },
    ];
    // One ticket each: a failing mail holds back the later mails of its ticket to that address.
    for (const [n, file] of cases.entries()) {
      const ticket = randomUUID();
      await desk.run(
        'ticket',
        ticket,
        {
          type: 'OpenTicket',
          data: {
            ticketId: ticket,
            customerId: 'bob',
            subject: `Scanner ${n}`,
            description: 'Jammed.',
            channel: 'email',
            mail: origin(`scanner-${n}@customer.test`),
          },
        },
        SYSTEM,
      );
      await desk.run(
        'ticket',
        ticket,
        { type: 'ReplyToTicket', data: { ticketId: ticket, body: `Reply ${n}`, attachments: [file] } },
        agent('al'),
      );
    }
    const failures = async () =>
      (
        await desk.db
          .selectFrom('deliveries')
          .select('last_error')
          .where('recipient', '=', 'bob@customer.test')
          .where('last_error', 'is not', null)
          .execute()
      )
        .map((row) => row.last_error)
        .sort();
    await expect.poll(async () => (await failures()).length, { timeout: 15_000 }).toBe(2);
    expect(await failures()).toEqual([
      'attachment file-changed does not match its SHA-256',
      'attachment file-missing is not in the attachment storage',
    ]);
    expect(mail.messages().filter((m) => m.text.startsWith('Reply '))).toEqual([]);
  });

  it('streams a large file into the reply: the SMTP server receives its very bytes', async () => {
    await desk.run(
      'customer',
      'cleo',
      { type: 'RegisterCustomer', data: { customerId: 'cleo', name: 'Cleo', email: 'cleo@customer.test' } },
      SUPERVISOR,
    );
    const ticket = randomUUID();
    await desk.run(
      'ticket',
      ticket,
      {
        type: 'OpenTicket',
        data: {
          ticketId: ticket,
          customerId: 'cleo',
          subject: 'The firmware',
          description: 'Send it, please.',
          channel: 'email',
          mail: origin('firmware@customer.test'),
        },
      },
      SYSTEM,
    );
    // Past 4 MiB, and not a whole number of the storage's chunks.
    const bytes = randomBytes(6 * 1024 * 1024 + 123);
    const firmware = await files.put('file-firmware', 'firmware.bin', 'application/octet-stream', bytes);
    await desk.run(
      'ticket',
      ticket,
      { type: 'ReplyToTicket', data: { ticketId: ticket, body: 'Here it is.', attachments: [firmware] } },
      agent('al'),
    );
    const toCleo = (all: readonly CaughtMail[]) =>
      all.filter((m) => m.to.includes('cleo@customer.test') && m.text.startsWith('Here it is.'));
    const [reply] = toCleo(await mail.waitFor((all) => toCleo(all).length > 0));
    expect(reply?.attachments).toEqual([
      {
        filename: 'firmware.bin',
        contentType: 'application/octet-stream',
        size: bytes.length,
        sha256: firmware.sha256,
      },
    ]);
    expect(ticketOfMessageId(reply?.messageId ?? '', THREAD_KEY)).toBe(ticket);
  });

  it('mails a customer whose address bounced hard no more', async () => {
    await desk.run(
      'customer',
      'ana',
      {
        type: 'RecordEmailBounce',
        data: { customerId: 'ana', address: 'ANA@customer.test', reason: '550 5.1.1 user unknown' },
      },
      SYSTEM,
    );
    const mailsBefore = toAna(mail.messages()).length;
    await desk.run('ticket', ticketId, { type: 'ReplyToTicket', data: { ticketId, body: 'Any news?' } }, agent('al'));
    // A later alert to Al is planned after the reply: once it arrives, the reply was planned too.
    await desk.run('ticket', ticketId, { type: 'UnassignTicket', data: { ticketId } }, SUPERVISOR);
    await desk.run('ticket', ticketId, { type: 'AssignTicket', data: { ticketId, agentId: 'al' } }, SUPERVISOR);
    await mail.waitFor((all) => all.filter((m) => m.to.includes('al@acme.test')).length === 2);
    const planned = await desk.db
      .selectFrom('deliveries')
      .select('delivery_id')
      .where('recipient', '=', 'ana@customer.test')
      .execute();
    expect(planned.length).toBe(mailsBefore);
    expect(toAna(mail.messages()).length).toBe(mailsBefore);
  });
});
