import { type RunningMailCatcher, startMailCatcher } from '@support-engine/servers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailSender } from './channels/email.js';
import { createDispatcher } from './dispatcher.js';
import type { NewDelivery } from './outbox.js';
import { createOutboxDb, put } from './testing/outbox-db.fixture.js';

// The email dispatcher against a slow mail server through a small SMTP pool.

const MAILS = 10;

function emailDelivery(n: number): NewDelivery {
  return {
    deliveryId: `notification:ticket-m${n}:1:email:customer:c${n}`,
    channel: 'email',
    recipient: `c${n}@example.test`,
    person: { kind: 'customer', id: `c${n}` },
    messageId: `notification:ticket-m${n}:1`,
    orderingKey: null,
    position: BigInt(n + 1),
    topic: 'ticket.opened',
    payload: {
      title: 'We received your request',
      text: `Ticket m${n}`,
      kind: 'info',
      locale: 'en',
      ticketId: `m${n}`,
      template: 'ticket.opened',
    },
    createdAt: new Date(),
  };
}

describe('email dispatcher', () => {
  let mail: RunningMailCatcher;
  const oneConnectionSender = (timeoutMs: number) =>
    createEmailSender({
      smtpUrl: `smtp://127.0.0.1:${mail.smtpPort}`,
      from: 'Support <support@example.test>',
      messageIdDomain: 'example.test',
      timeoutMs,
      maxConnections: 1,
    });

  beforeAll(async () => {
    mail = await startMailCatcher({ delayMs: 300 });
  });
  afterAll(async () => mail?.stop());

  it('claims no more mails than the pool has connections, so none waits in its queue past its lease', async () => {
    // One connection, 300 ms a mail: ten mails claimed at once would still be queued when a
    // 1.5 s lease runs out, claimed again and sent twice.
    const { db } = await createOutboxDb('email_pool');
    const deliveries = Array.from({ length: MAILS }, (_, n) => emailDelivery(n));
    await put(db, deliveries);
    const sender = oneConnectionSender(1_000);
    const run = new AbortController();
    const running = createDispatcher({
      db,
      sender,
      retry: { baseMs: 10_000, capMs: 10_000, giveUpAfterMs: 60_000 },
      logger: pino({ level: 'silent' }),
      concurrency: MAILS,
      perRecipient: 1,
      leaseMs: 1_500,
      pollIntervalMs: 20,
    }).run(run.signal);
    await mail.waitFor((all) => all.length === MAILS, 20_000);
    run.abort();
    await running;
    await sender.close?.();

    const rows = await db.selectFrom('deliveries').select(['status', 'attempts']).execute();
    await db.destroy();
    expect(mail.duplicates()).toBe(0);
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(Array(MAILS).fill(['delivered', 1]));
  });

  it('dead-letters a row whose payload it cannot read after one attempt, sending nothing, and delivers the rest', async () => {
    const { db } = await createOutboxDb('email_unreadable');
    const unreadable = { ...emailDelivery(90), payload: { title: 'No text, no kind' } };
    await put(db, [unreadable, emailDelivery(91)]);
    const sender = oneConnectionSender(5_000);
    const run = new AbortController();
    const running = createDispatcher({
      db,
      sender,
      retry: { baseMs: 10, capMs: 10, giveUpAfterMs: 60_000 },
      logger: pino({ level: 'silent' }),
      concurrency: 2,
      perRecipient: 1,
      leaseMs: 5_000,
      pollIntervalMs: 20,
    }).run(run.signal);
    await mail.waitFor((all) => all.some((m) => m.to.includes('c91@example.test')), 20_000);
    const rows = async () =>
      db
        .selectFrom('deliveries')
        .select(['delivery_id', 'status', 'attempts', 'last_error'])
        .orderBy('delivery_id')
        .execute();
    await expect
      .poll(async () => (await rows()).map((row) => row.status), { timeout: 10_000 })
      .toEqual(['dead', 'delivered']);
    run.abort();
    await running;
    await sender.close?.();
    const [dead] = await rows();
    await db.destroy();
    expect(dead).toMatchObject({ attempts: 1 });
    expect(dead?.last_error).toMatch(/^unreadable payload/);
    expect(mail.messages().filter((m) => m.to.includes('c90@example.test'))).toEqual([]);
  });
});

describe('a dispatcher whose database fails', () => {
  it('waits longer after each failed round and logs the 1st, 2nd, 4th... of them, not every one', async () => {
    const { db } = await createOutboxDb('email_outage');
    await db.destroy(); // every query now fails at once, as with the database out of reach
    const lines: { failures: number; retryInMs: number }[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const run = new AbortController();
    const running = createDispatcher({
      db,
      sender: { channel: 'email', send: async () => ({ ok: true, statusCode: 250 }) },
      retry: { baseMs: 10_000, capMs: 10_000, giveUpAfterMs: 60_000 },
      logger,
      concurrency: 4,
      perRecipient: 1,
      leaseMs: 1_500,
      pollIntervalMs: 10,
    }).run(run.signal);
    // Failures at 0, 10, 30 and 70 ms at the earliest, the 4th logged: the 8th cannot come before
    // 1.27 s, where a round every 10 ms would have logged 100 lines by then.
    await expect.poll(() => lines.length, { timeout: 10_000 }).toBe(3);
    run.abort();
    await running;
    expect(lines.map((line) => [line.failures, line.retryInMs])).toEqual([
      [1, 10],
      [2, 20],
      [4, 80],
    ]);
  });
});
