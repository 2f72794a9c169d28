import { streamId } from '@support-engine/domain';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { engineMailHooks } from '../engine-hooks.js';
import { createMailProcessor, type MailProcessor } from '../process/processor.js';
import { createMailSink } from '../store/record.js';
import { startTestIngress, type TestIngress } from '../testing/ingress.fixture.js';
import { plainMessage } from '../testing/mail-db.fixture.js';
import { createProcessingWorld, MAILBOX, type ProcessingWorld } from '../testing/processing.fixture.js';

// A delivery status report saying a customer's mailbox is full, sent by SMTP to the ingress as a
// receiving server sends it: recorded, processed, and counted on the customer as a soft bounce;
// the third within a week marks the address as a hard bounce does.

const WAIT = { timeout: 20_000, interval: 50 };
let world: ProcessingWorld;
let processor: MailProcessor;
let ingress: TestIngress;

beforeAll(async () => {
  world = await createProcessingWorld('mail_soft_bounce');
  processor = createMailProcessor({ ...world.options, ...engineMailHooks(world.bus) });
  ingress = await startTestIngress(createMailSink(world.db, world.storage), {
    onRecorded: async (key, raw) => void (await processor.processNow(key, raw)),
  });
});
afterAll(async () => {
  await ingress?.close();
  await world?.close();
});

/** A delivery status report (RFC 3464) on `recipient`, as Postfix words a delayed delivery. */
function delayedReport(messageId: string, recipient: string): string {
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>',
    `To: ${MAILBOX}`,
    'Subject: Delayed Mail (still being retried)',
    `Message-ID: <${messageId}>`,
    'Date: Sat, 28 Nov 2026 09:00:00 +0000',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"',
    '',
    '--dsn-boundary',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered for 4 hours. It will be retried until it is 5 days old.',
    '',
    '--dsn-boundary',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.customer.test',
    'Arrival-Date: Sat, 28 Nov 2026 05:00:00 +0000',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Original-Recipient: rfc822; ${recipient}`,
    'Action: delayed',
    'Status: 4.2.2',
    'Diagnostic-Code: smtp; 452 4.2.2 Mailbox full',
    '',
    '--dsn-boundary--',
    '',
  ].join('\r\n');
}

async function send(raw: string): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: ingress.port,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({ envelope: { from: 'mailer-daemon@mx.customer.test', to: [MAILBOX] }, raw });
  transport.close();
}

const typesOf = async (customerId: string) =>
  (await world.store.readStream(streamId('customer', customerId))).map((event) => event.type);
const outcomeOf = async (messageId: string) =>
  (
    await world.db
      .selectFrom('mail_in_messages')
      .select(['state', 'outcome'])
      .where('message_id', '=', messageId)
      .executeTakeFirst()
  )?.outcome;

describe('a soft bounce through the SMTP ingress', () => {
  it('is recorded on the customer, and the third within a week marks the address undeliverable', async () => {
    const opened = await processor.processNow(
      await world.record(
        await world.signedByCustomerDomain(
          plainMessage({ from: 'Dana <dana@customer.test>', messageId: 'soft-dana@customer.test' }),
        ),
      ),
    );
    if (opened === undefined || !('outcome' in opened) || opened.outcome.kind !== 'opened')
      throw new Error(JSON.stringify(opened));
    const { customerId } = opened.outcome;

    await send(delayedReport('soft-1@mx.customer.test', 'Dana@customer.test'));
    await vi.waitFor(
      async () =>
        expect(await outcomeOf('soft-1@mx.customer.test')).toEqual({
          kind: 'bounce',
          failedRecipients: [],
          delayedRecipients: ['dana@customer.test'],
        }),
      WAIT,
    );
    const events = await world.store.readStream(streamId('customer', customerId));
    expect(events.filter((event) => event.type === 'CustomerEmailSoftBounced').map((event) => event.data)).toEqual([
      expect.objectContaining({ address: 'dana@customer.test', reason: '4.2.2 smtp; 452 4.2.2 Mailbox full' }),
    ]);
    expect(await typesOf(customerId)).not.toContain('CustomerEmailBounced');

    // The same report again (its sender retried): a duplicate, counted once.
    await send(delayedReport('soft-1@mx.customer.test', 'Dana@customer.test'));
    await send(delayedReport('soft-2@mx.customer.test', 'dana@customer.test'));
    await vi.waitFor(
      async () => expect(await outcomeOf('soft-2@mx.customer.test')).toMatchObject({ kind: 'bounce' }),
      WAIT,
    );
    const afterTwo = await typesOf(customerId);
    expect(afterTwo.filter((type) => type === 'CustomerEmailSoftBounced')).toHaveLength(2);
    expect(afterTwo).not.toContain('CustomerEmailBounced');

    await send(delayedReport('soft-3@mx.customer.test', 'dana@customer.test'));
    await vi.waitFor(async () => expect(await typesOf(customerId)).toContain('CustomerEmailBounced'), WAIT);
    expect((await typesOf(customerId)).filter((type) => type === 'CustomerEmailSoftBounced')).toHaveLength(3);
  });
});
