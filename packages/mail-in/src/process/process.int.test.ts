import { MAIL_IN_UPLOADER, readableAttachment } from '@support-engine/api';
import { customerOfAddress } from '@support-engine/application';
import { replyToken, ticketMessageId } from '@support-engine/delivery';
import { streamId } from '@support-engine/domain';
import { customerDecider } from '@support-engine/domain/customer';
import { ticketDecider } from '@support-engine/domain/ticket';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailWithInlineImage } from '../testing/inline-image.fixture.js';
import { plainMessage } from '../testing/mail-db.fixture.js';
import { createProcessingWorld, MAILBOX, type ProcessingWorld, THREAD_KEY } from '../testing/processing.fixture.js';
import type { HeldMail, MailOutcome } from './outcome.js';
import { createMailProcessor, type MailProcessor } from './processor.js';

// Mail into tickets, end to end on real parts: recorded as the ingress records it, processed,
// and read back from the event log.

let world: ProcessingWorld;
let processor: MailProcessor;
const held: HeldMail[] = [];
const bounces: string[][] = [];
let sequence = 0;

beforeAll(async () => {
  world = await createProcessingWorld('mail_process');
  processor = createMailProcessor({
    ...world.options,
    findMailbox: (address) => (address === MAILBOX ? { category: 'billing', language: 'en' } : undefined),
    onHold: async (mail) => {
      held.push(mail);
    },
    onBounce: async (failed) => {
      bounces.push([...failed]);
    },
  });
});
afterAll(async () => world?.close());

const nextId = (label: string) => `${label}-${++sequence}@customer.test`;

/** The outcome when it is of `kind`; fails the test otherwise. */
function expectKind<K extends MailOutcome['kind']>(outcome: MailOutcome, kind: K): Extract<MailOutcome, { kind: K }> {
  if (outcome.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<MailOutcome, { kind: K }>;
}

/** Records `raw`, processes it, and answers its outcome. */
async function deliver(raw: Buffer, client?: Parameters<ProcessingWorld['record']>[1]): Promise<MailOutcome> {
  const key = await world.record(raw, client);
  const processed = await processor.processNow(key);
  if (processed === undefined || !('outcome' in processed))
    throw new Error(`not processed: ${JSON.stringify(processed)}`);
  return processed.outcome;
}

async function openTicket(from = 'Bob Customer <bob@customer.test>') {
  const messageId = nextId('open');
  const outcome = expectKind(
    await deliver(await world.signedByCustomerDomain(plainMessage({ from, messageId }))),
    'opened',
  );
  return { ...outcome, messageId };
}

const ticketOf = (ticketId: string) => world.bus.fold('ticket', ticketId, ticketDecider);

describe('mail from a new sender', () => {
  it('opens an email ticket for a new customer named from the From header, with the mail verified and kept', async () => {
    const raw = await world.signedByCustomerDomain(
      plainMessage({
        from: '"Ann Newcomer" <Ann.New@Customer.test>',
        messageId: nextId('new'),
        subject: 'Refund please',
      }),
    );
    const outcome = expectKind(await deliver(raw), 'opened');
    expect(outcome).toMatchObject({ registered: true, authentication: { spf: 'pass', dkim: 'pass', dmarc: 'pass' } });
    const customer = await world.bus.fold('customer', outcome.customerId, customerDecider);
    expect(customer.profile).toMatchObject({ name: 'Ann Newcomer', email: 'ann.new@customer.test', language: 'en' });
    const ticket = await ticketOf(outcome.ticketId);
    expect(ticket).toMatchObject({ customerId: outcome.customerId, channel: 'email', category: 'billing' });
    const { mail } = (await world.openedData(outcome.ticketId)) as { mail: { original: string; messageId: string } };
    expect(mail).toMatchObject({ from: 'ann.new@customer.test', mailbox: MAILBOX });
    // The whole message is staff's to download, never a customer's.
    const staffRead = await readableAttachment(
      world.db as never,
      mail.original,
      { id: 'agent-1', role: 'agent' },
      'staff',
    );
    expect(staffRead).toMatchObject({ contentType: 'message/rfc822', size: raw.length });
    const customerRead = await readableAttachment(
      world.db as never,
      mail.original,
      { id: outcome.customerId, role: 'customer' },
      'customer',
    );
    expect(customerRead).toBeNull();
    const row = await world.db
      .selectFrom('mail_in_messages')
      .select(['state', 'ticket_id'])
      .where('message_key', '=', `mid:${mail.messageId}`)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'done', ticket_id: outcome.ticketId });
  });

  it('takes an address it knows in any case as that customer’s, registering nobody', async () => {
    const first = await openTicket('Carl <carl@customer.test>');
    const again = await deliver(
      await world.signedByCustomerDomain(plainMessage({ from: 'CARL@Customer.TEST', messageId: nextId('case') })),
    );
    expect(again).toMatchObject({ kind: 'opened', registered: false, customerId: first.customerId });
    expect(await customerOfAddress(world.bus, 'Carl@CUSTOMER.test')).toBe(first.customerId);
  });
});

describe('threading a reply', () => {
  it('follows the customer’s reply token in a sub-address of the mailbox', async () => {
    const { ticketId, customerId } = await openTicket();
    const token = replyToken('customer', ticketId, customerId, THREAD_KEY)!;
    const reply = plainMessage({
      to: `support+${token}@support.test`,
      subject: 'Re: anything',
      messageId: nextId('tok'),
    });
    expect(await deliver(await world.signedByCustomerDomain(reply))).toMatchObject({
      kind: 'replied',
      ticketId,
      by: 'reply-token',
    });
    expect(await world.ticketEvents(ticketId)).toContain('TicketCustomerReplied');
  });

  it('adds only what the customer wrote this time, the whole text kept beside it', async () => {
    const { ticketId, customerId } = await openTicket();
    const token = replyToken('customer', ticketId, customerId, THREAD_KEY)!;
    const words = 'Still nothing arrived, can you check again?';
    const quoted = 'On Sat, 28 Nov 2026 at 10:12, Ada <support@support.test> wrote:\r\n> We sent it on Monday.';
    const reply = plainMessage({
      to: `support+${token}@support.test`,
      subject: 'Re: My order',
      messageId: nextId('quoted'),
      body: `${words}\r\n\r\n${quoted}`,
    });
    expectKind(await deliver(await world.signedByCustomerDomain(reply)), 'replied');
    const events = await world.store.readStream(streamId('ticket', ticketId));
    const message = events.find((event) => event.type === 'TicketCustomerReplied')?.data as {
      body: string;
      mail: { fullText?: string };
    };
    expect(message.body).toBe(words);
    expect(message.mail.fullText).toContain('We sent it on Monday.');
  });

  it('follows References to a message the engine received, and to one it sent', async () => {
    const { ticketId, messageId } = await openTicket();
    const received = plainMessage({
      subject: 'Re: order',
      messageId: nextId('ref'),
      headers: { References: `<unknown@elsewhere.test> <${messageId}>` },
    });
    expect(await deliver(await world.signedByCustomerDomain(received))).toMatchObject({ ticketId, by: 'references' });
    const sent = ticketMessageId(ticketId, 'delivery-1', 'support.test', THREAD_KEY);
    const answer = plainMessage({
      subject: 'Re: hello',
      messageId: nextId('ref'),
      headers: { 'In-Reply-To': `<${sent}>` },
    });
    expect(await deliver(await world.signedByCustomerDomain(answer))).toMatchObject({ ticketId, by: 'references' });
    const replies = (await world.ticketEvents(ticketId)).filter((type) => type === 'TicketCustomerReplied');
    expect(replies).toHaveLength(2);
  });

  it('follows a ticket named in the subject only when the ticket’s own customer writes', async () => {
    const { ticketId } = await openTicket();
    const stranger = plainMessage({
      from: 'eve@other.test',
      subject: `About [#${ticketId}]`,
      messageId: nextId('subj'),
    });
    expect(await deliver(stranger, null)).toMatchObject({ kind: 'opened' });
    const own = plainMessage({ from: 'BOB@customer.test', subject: `Re: [#${ticketId}]`, messageId: nextId('subj') });
    expect(await deliver(await world.signedByCustomerDomain(own))).toMatchObject({ ticketId, by: 'subject' });
  });

  it('holds, never threads, a forged From of a domain publishing p=reject', async () => {
    const { ticketId, messageId } = await openTicket();
    const before = await world.ticketEvents(ticketId);
    // Not signed, sent from an address the domain's SPF does not allow: DMARC fails.
    const forged = plainMessage({
      subject: 'Re: order',
      messageId: nextId('forged'),
      headers: { 'In-Reply-To': `<${messageId}>` },
    });
    const outcome = await deliver(forged, { ip: '198.51.100.66', helo: 'evil.test' });
    expect(outcome).toMatchObject({
      kind: 'held',
      ticketId,
      because: 'dmarc-failed',
      authentication: { dmarc: 'fail' },
    });
    expect(await world.ticketEvents(ticketId)).toEqual(before);
    expect(held.at(-1)).toMatchObject({
      ticketId,
      because: 'dmarc-failed',
      mail: { authentication: { dmarc: 'fail' } },
    });
    const row = await world.db
      .selectFrom('mail_in_messages')
      .select(['state', 'ticket_id'])
      .where('message_id', '=', `forged-${sequence}@customer.test`)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'held', ticket_id: ticketId });
  });
});

describe('noise', () => {
  it('opens nothing for auto-replies and out-of-office answers, drops the engine’s own mail, reports bounces', async () => {
    const before = await world.db
      .selectFrom('mail_in_messages')
      .select('ticket_id')
      .where('ticket_id', 'is not', null)
      .execute();
    const auto = plainMessage({ messageId: nextId('auto'), headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(await deliver(auto)).toEqual({ kind: 'automatic', because: 'Auto-Submitted: auto-replied' });
    const away = plainMessage({
      messageId: nextId('oof'),
      subject: 'Out of office',
      headers: { 'X-Autoreply': 'yes' },
    });
    expect(await deliver(away)).toMatchObject({ kind: 'automatic' });
    expect(await deliver(plainMessage({ from: 'Support@Support.test', messageId: nextId('own') }))).toEqual({
      kind: 'own',
    });
    const bounce = plainMessage({
      from: 'MAILER-DAEMON@mx.customer.test',
      messageId: nextId('dsn'),
      headers: { 'X-Failed-Recipients': 'gone@customer.test' },
    });
    expect(await deliver(bounce)).toEqual({ kind: 'bounce', failedRecipients: ['gone@customer.test'] });
    expect(bounces.at(-1)).toEqual(['gone@customer.test']);
    // A report as Postfix sends it: no X-Failed-Recipients, the recipients in its delivery-status part.
    const dsn = Buffer.from(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.support.test>',
        'To: support@support.test',
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <${nextId('postfix')}>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'I could not deliver your message.',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.support.test',
        '',
        'Final-Recipient: rfc822; Left@Customer.test',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
        '',
        'Final-Recipient: rfc822; full@customer.test',
        'Action: delayed',
        'Status: 4.2.2',
        '',
        '--b1--',
        '',
      ].join('\r\n'),
    );
    // The delayed one is a soft bounce: listed apart, never as failed for good.
    expect(await deliver(dsn)).toEqual({
      kind: 'bounce',
      failedRecipients: ['left@customer.test'],
      delayedRecipients: ['full@customer.test'],
    });
    expect(bounces.at(-1)).toEqual(['left@customer.test']);
    const after = await world.db
      .selectFrom('mail_in_messages')
      .select('ticket_id')
      .where('ticket_id', 'is not', null)
      .execute();
    expect(after).toHaveLength(before.length);
  });
});

describe('attachments', () => {
  it('become ticket attachments through the upload checks; a refused part is dropped and listed', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const boundary = 'b-1';
    const raw = Buffer.from(
      [
        'From: Bob Customer <bob@customer.test>',
        `To: ${MAILBOX}`,
        'Subject: Screenshot',
        `Message-ID: <${nextId('files')}>`,
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'See the screenshot.',
        `--${boundary}`,
        'Content-Type: image/png; name="shot.png"',
        'Content-Disposition: attachment; filename="shot.png"',
        'Content-Transfer-Encoding: base64',
        '',
        png.toString('base64'),
        `--${boundary}`,
        'Content-Type: application/octet-stream; name="setup.exe"',
        'Content-Disposition: attachment; filename="setup.exe"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('MZ\x90\x00binary').toString('base64'),
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
    const outcome = await deliver(await world.signedByCustomerDomain(raw));
    expect(outcome).toMatchObject({
      kind: 'opened',
      dropped: [{ fileName: 'setup.exe', code: 'ATTACHMENT_TYPE_NOT_ALLOWED' }],
    });
    if (outcome.kind !== 'opened') return;
    const { attachments } = (await world.openedData(outcome.ticketId)) as {
      attachments: { attachmentId: string; sha256: string }[];
    };
    expect(attachments).toEqual([
      expect.objectContaining({ fileName: 'shot.png', contentType: 'image/png', size: png.length }),
    ]);
    const file = await world.storage.read(attachments[0]!.attachmentId);
    expect(file?.size).toBe(png.length);
    const catalogued = await readableAttachment(
      world.db as never,
      attachments[0]!.attachmentId,
      MAIL_IN_UPLOADER,
      'staff',
    );
    expect(catalogued?.sha256).toBe(attachments[0]!.sha256);
  });
});

describe('inline images', () => {
  it('places an image the HTML showed inside the text where it was, on the attachment it became', async () => {
    const raw = mailWithInlineImage({
      from: 'Bob Customer <bob@customer.test>',
      to: MAILBOX,
      messageId: nextId('inline'),
    });
    const outcome = expectKind(await deliver(await world.signedByCustomerDomain(raw)), 'opened');
    const opened = (await world.openedData(outcome.ticketId)) as {
      description: string;
      attachments: { attachmentId: string; fileName: string }[];
      mail: { inline: { attachmentId: string; start: number; end: number }[] };
    };
    expect(opened.description).toBe('The export fails with this error:\n\n[the error]\n\nCan you help?');
    expect(opened.attachments).toEqual([expect.objectContaining({ fileName: 'error.png', contentType: 'image/png' })]);
    const [image] = opened.mail.inline;
    expect(image?.attachmentId).toBe(opened.attachments[0]!.attachmentId);
    expect(opened.description.slice(image!.start, image!.end)).toBe('[the error]');
  });
});

describe('one message, once', () => {
  it('makes one ticket of a message recorded twice and processed again', async () => {
    const raw = await world.signedByCustomerDomain(plainMessage({ messageId: nextId('twice') }));
    const key = await world.record(raw);
    expect(await world.record(raw)).toBe(key);
    const first = await processor.processNow(key);
    expect(await processor.processNow(key)).toBeUndefined();
    // Even forced back to pending (as if its outcome never got recorded), it writes nothing new.
    await world.db.updateTable('mail_in_messages').set({ state: 'pending' }).where('message_key', '=', key).execute();
    const second = await processor.processNow(key);
    expect(second).toEqual(first);
    if (first === undefined || !('outcome' in first) || first.outcome.kind !== 'opened') throw new Error('no ticket');
    expect(await world.ticketEvents(first.outcome.ticketId)).toEqual(expect.arrayContaining(['TicketOpened']));
    expect((await world.ticketEvents(first.outcome.ticketId)).filter((type) => type === 'TicketOpened')).toHaveLength(
      1,
    );
  });
});

describe('a staff member answering their alert by mail', () => {
  const ADMIN = { id: 'admin-1', role: 'admin' } as const;
  async function staffMember(staffId: string, email: string) {
    await world.bus.send(
      'staff',
      staffId,
      { type: 'SetStaffProfile', data: { staffId, name: staffId, email, channels: ['email'] } },
      ADMIN,
      `profile-${staffId}`,
    );
    // What the notifier's directory holds once it folded that profile.
    await world.db
      .withTables<{ delivery_directory: { notifier: string; kind: string; key: string; row: string } }>()
      .insertInto('delivery_directory')
      .values({ notifier: 'notifier', kind: 'staff', key: staffId, row: JSON.stringify({ staffId, email }) })
      .execute();
  }

  it('replies publicly as that agent when the sender is them, and refuses anyone else', async () => {
    await staffMember('agent-7', 'Agent.Seven@support.test');
    await staffMember('agent-8', 'agent.eight@support.test');
    const { ticketId } = await openTicket();
    const token = replyToken('staff', ticketId, 'agent-7', THREAD_KEY)!;
    const to = `support+${token}@support.test`;
    const reply = plainMessage({ from: 'agent.seven@SUPPORT.test', to, messageId: nextId('staff'), body: 'On it.' });
    expect(await deliver(reply, null)).toMatchObject({ kind: 'agent-replied', ticketId, staffId: 'agent-7' });
    const events = await world.store.readStream(`ticket-${ticketId}`);
    const replied = events.find((event) => event.type === 'TicketAgentReplied');
    expect(replied?.data).toMatchObject({
      actor: { id: 'agent-7', role: 'agent' },
      body: 'On it.',
      visibility: 'public',
      mail: { from: 'agent.seven@support.test' },
    });
    const before = await world.ticketEvents(ticketId);
    for (const from of ['eve@other.test', 'agent.eight@support.test']) {
      const forged = plainMessage({ from, to, messageId: nextId('staff'), body: 'Closing this.' });
      expect(await deliver(forged, null)).toMatchObject({ kind: 'refused', code: 'MAIL_STAFF_TOKEN_REFUSED' });
    }
    expect(await world.ticketEvents(ticketId)).toEqual(before);
  });
});

describe('threading, whatever the client did to the headers', () => {
  it('threads by References shuffled and repeated, from the customer’s address in any case, registering nobody', async () => {
    const { ticketId, customerId, messageId } = await openTicket();
    const sent = ticketMessageId(ticketId, `delivery-${sequence}`, 'support.test', THREAD_KEY);
    const spelling = fc
      .array(fc.boolean(), { minLength: 'bob@customer.test'.length, maxLength: 'bob@customer.test'.length })
      .map((upper) => [...'bob@customer.test'].map((char, i) => (upper[i] ? char.toUpperCase() : char)).join(''));
    const references = fc
      .shuffledSubarray([messageId, sent, 'lost@elsewhere.test', 'x@customer.test'], { minLength: 1 })
      .filter((ids) => ids.includes(messageId) || ids.includes(sent))
      .chain((ids) => fc.shuffledSubarray([...ids, ...ids], { minLength: ids.length }))
      .filter((ids) => ids.includes(messageId) || ids.includes(sent));
    await fc.assert(
      fc.asyncProperty(spelling, references, async (from, ids) => {
        const raw = plainMessage({
          from,
          subject: 'Re: again',
          messageId: nextId('prop'),
          headers: { References: ids.map((id) => `<${id}>`).join(' ') },
        });
        const outcome = await deliver(await world.signedByCustomerDomain(raw));
        expect(outcome).toMatchObject({ kind: 'replied', ticketId, by: 'references' });
        expect(await customerOfAddress(world.bus, from)).toBe(customerId);
      }),
      { numRuns: 8 },
    );
  });
});

describe('what else a message may be', () => {
  it('holds a message carrying a customer’s reply token from another sender', async () => {
    const { ticketId, customerId } = await openTicket();
    const token = replyToken('customer', ticketId, customerId, THREAD_KEY)!;
    const before = await world.ticketEvents(ticketId);
    const forwarded = plainMessage({
      from: 'eve@other.test',
      to: `support+${token}@support.test`,
      messageId: nextId('fwd'),
    });
    expect(await deliver(forwarded, null)).toMatchObject({
      kind: 'held',
      ticketId,
      because: 'token-for-another-sender',
    });
    expect(held.at(-1)).toMatchObject({ ticketId, customerId, mail: { from: 'eve@other.test' } });
    expect(await world.ticketEvents(ticketId)).toEqual(before);
  });

  it('refuses a message naming no sender, writing nothing', async () => {
    const raw = Buffer.from(`To: ${MAILBOX}\r\nSubject: who?\r\nMessage-ID: <${nextId('nobody')}>\r\n\r\nhello\r\n`);
    expect(await deliver(raw, null)).toMatchObject({ kind: 'refused', code: 'MAIL_NO_SENDER' });
  });

  it('gives a new sender the message’s language when the mailbox sets none', async () => {
    const plain = createMailProcessor({ ...world.options });
    const raw = plainMessage({
      from: 'Zoé <zoe@customer.test>',
      messageId: nextId('lang'),
      headers: { 'Content-Language': 'fr' },
    });
    const key = await world.record(await world.signedByCustomerDomain(raw));
    const processed = await plain.processNow(key);
    if (processed === undefined || !('outcome' in processed)) throw new Error('not processed');
    const { customerId, ticketId } = expectKind(processed.outcome, 'opened');
    expect((await world.bus.fold('customer', customerId, customerDecider)).profile).toMatchObject({
      name: 'Zoé',
      language: 'fr',
    });
    expect(await ticketOf(ticketId)).toMatchObject({ language: 'fr', category: null });
  });
});

describe('internationalised sender addresses', () => {
  it('makes a customer of a sender whose address has letters of any script, and knows them again', async () => {
    const first = expectKind(
      await deliver(plainMessage({ from: 'José Martín <josé@exemple.fr>', messageId: nextId('eai') })),
      'opened',
    );
    expect(first.registered).toBe(true);
    expect((await world.bus.fold('customer', first.customerId, customerDecider)).profile).toMatchObject({
      name: 'José Martín',
      email: 'josé@exemple.fr',
    });
    expect(await world.openedData(first.ticketId)).toMatchObject({ mail: { from: 'josé@exemple.fr' } });
    // Written decomposed and in capitals, the same address: the same customer.
    const again = expectKind(
      await deliver(plainMessage({ from: 'JOSE\u0301@EXEMPLE.FR', messageId: nextId('eai') })),
      'opened',
    );
    expect(again).toMatchObject({ customerId: first.customerId, registered: false });
  });

  it('knows a sender by an IDN domain, whether written in its script or as xn--', async () => {
    const first = expectKind(
      await deliver(plainMessage({ from: 'Hans <hans@bücher.de>', messageId: nextId('idn') })),
      'opened',
    );
    expect(first.registered).toBe(true);
    const ascii = expectKind(
      await deliver(plainMessage({ from: 'Hans <hans@xn--bcher-kva.de>', messageId: nextId('idn') })),
      'opened',
    );
    expect(ascii).toMatchObject({ customerId: first.customerId, registered: false });
    expect(await customerOfAddress(world.bus, 'Hans@Bücher.de')).toBe(first.customerId);
  });

  it('holds, never fails, a new sender whose address cannot be a customer’s, saying what to do', async () => {
    const key = await world.record(plainMessage({ from: 'Bob <bob@[192.0.2.1]>', messageId: nextId('literal') }));
    const processed = await processor.processNow(key);
    expect(processed).toMatchObject({
      outcome: {
        kind: 'sender-held',
        code: 'MAIL_SENDER_ADDRESS_UNUSABLE',
        address: 'bob@[192.0.2.1]',
        message: expect.stringContaining('open a ticket for the sender under an address that reaches them'),
      },
    });
    const row = await world.db
      .selectFrom('mail_in_messages')
      .selectAll()
      .where('message_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'held', ticket_id: null, last_error: null, attempts: 1 });
    expect(await world.messagesFromMail(key)).toEqual([]);
  });
});
