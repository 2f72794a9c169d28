import type { AttachmentStorage } from '@support-engine/api';
import { createTestCertificate } from '@support-engine/servers/testing';
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailSink, ReceivedMail } from '../ingress.js';
import { createMailSink } from '../store/record.js';
import type { MailInTables } from '../store/schema.js';
import { startTestIngress, type TestIngress } from '../testing/ingress.fixture.js';
import { createMailDb, plainMessage } from '../testing/mail-db.fixture.js';
import { rawSmtp } from '../testing/smtp-client.fixture.js';

let db: Kysely<MailInTables>;
let storage: AttachmentStorage;
let sink: MailSink;
const ingresses: TestIngress[] = [];

beforeAll(async () => {
  ({ db, storage } = await createMailDb('mail_smtp'));
  sink = createMailSink(db, storage);
});
afterEach(async () => {
  for (const ingress of ingresses.splice(0)) await ingress.close();
});
afterAll(async () => db?.destroy());

async function ingress(options: Parameters<typeof startTestIngress>[1] = {}, over: MailSink = sink) {
  const started = await startTestIngress(over, options);
  ingresses.push(started);
  return started;
}

const transport = (port: number, tls: { ca?: Buffer; requireTLS?: boolean } = {}) =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    name: 'client.customer.test',
    ...(tls.ca === undefined ? { ignoreTLS: true } : { requireTLS: tls.requireTLS ?? true, tls: { ca: [tls.ca] } }),
  });

const rowsOf = (messageId: string) =>
  db.selectFrom('mail_in_messages').selectAll().where('message_id', '=', messageId).execute();

describe('the SMTP ingress', () => {
  it('records a message for its mailbox, with the envelope and the client, before it answers 250', async () => {
    let entered!: () => void;
    const recordEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The sink holds the record until the test lets it go: no 250 may come meanwhile.
    const gated: MailSink = {
      async record(mail: ReceivedMail) {
        entered();
        await released;
        return sink.record(mail);
      },
    };
    const { port, recorded, outcomes } = await ingress({}, gated);
    const raw = plainMessage({ messageId: 'first@customer.test', to: 'Support@Support.test' });
    let answered = false;
    const sending = transport(port)
      .sendMail({ envelope: { from: 'bob@customer.test', to: ['Support@Support.test'] }, raw })
      .finally(() => {
        answered = true;
      });
    await recordEntered;
    expect(answered).toBe(false);
    expect(await rowsOf('first@customer.test')).toEqual([]);
    release();
    const info = await sending;
    expect(info.response).toMatch(/^250 2\.0\.0 recorded as mid:first@customer\.test/);
    const [row, ...others] = await rowsOf('first@customer.test');
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      source: 'smtp',
      mailbox: 'support@support.test',
      envelope_from: 'bob@customer.test',
      envelope_to: ['Support@support.test'],
      client_ip: '127.0.0.1',
      client_helo: 'client.customer.test',
      size: raw.length,
      state: 'pending',
    });
    await expect.poll(() => recorded).toEqual(['mid:first@customer.test']);
    expect(outcomes).toContainEqual(
      expect.objectContaining({ kind: 'recorded', key: 'mid:first@customer.test', duplicate: false }),
    );
  });

  it('accepts sub-addresses of a mailbox and refuses other recipients with 550', async () => {
    const { port, outcomes } = await ingress();
    const raw = plainMessage({ messageId: 'tagged@customer.test' });
    const info = await transport(port).sendMail({
      envelope: {
        from: 'bob@customer.test',
        to: ['nobody@support.test', 'support+cuabc@support.test', 'support@other.test'],
      },
      raw,
    });
    expect(info.accepted).toEqual(['support+cuabc@support.test']);
    expect(info.rejected).toEqual(['nobody@support.test', 'support@other.test']);
    expect(info.rejectedErrors?.map((error) => (error as { responseCode?: number }).responseCode)).toEqual([550, 550]);
    const [row] = await rowsOf('tagged@customer.test');
    expect(row).toMatchObject({ mailbox: 'support@support.test', envelope_to: ['support+cuabc@support.test'] });
    expect(outcomes.filter((outcome) => outcome.kind === 'refused')).toEqual([
      { kind: 'refused', code: 'MAILBOX_UNKNOWN', status: 550, recipient: 'nobody@support.test' },
      { kind: 'refused', code: 'MAILBOX_UNKNOWN', status: 550, recipient: 'support@other.test' },
    ]);
    // Nobody at all: the message is refused whole, nothing recorded.
    await expect(
      transport(port).sendMail({
        envelope: { from: 'bob@customer.test', to: ['nobody@support.test'] },
        raw: plainMessage({ messageId: 'nobody@customer.test' }),
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(await rowsOf('nobody@customer.test')).toEqual([]);
  });

  it('takes the mailboxes configured as data beside the static list', async () => {
    const asked: string[] = [];
    const { port } = await ingress({
      isMailbox: async (address) => {
        asked.push(address);
        return address === 'sales@support.test';
      },
    });
    const info = await transport(port).sendMail({
      envelope: { from: 'bob@customer.test', to: ['Sales@support.test', 'support@support.test', 'hr@support.test'] },
      raw: plainMessage({ messageId: 'sales@customer.test' }),
    });
    expect(info.accepted).toEqual(['Sales@support.test', 'support@support.test']);
    expect(info.rejected).toEqual(['hr@support.test']);
    // The static list answers for its own without asking the configuration's store.
    expect(asked).toEqual(['sales@support.test', 'hr@support.test']);
    expect((await rowsOf('sales@customer.test'))[0]).toMatchObject({ mailbox: 'sales@support.test' });
  });

  it('answers 451 while the mailboxes cannot be read, so the sender retries', async () => {
    const { port, outcomes } = await ingress({
      isMailbox: () => Promise.reject(new Error('configuration store unavailable')),
    });
    await expect(
      transport(port).sendMail({
        envelope: { from: 'bob@customer.test', to: ['sales@support.test'] },
        raw: plainMessage({ messageId: 'no-config@customer.test' }),
      }),
    ).rejects.toMatchObject({ responseCode: 451 });
    expect(await rowsOf('no-config@customer.test')).toEqual([]);
    expect(outcomes).toEqual([
      { kind: 'refused', code: 'MAILBOX_CHECK_FAILED', status: 451, recipient: 'sales@support.test' },
    ]);
    // The static list still answers for its own.
    await transport(port).sendMail({
      envelope: { from: 'bob@customer.test', to: ['support@support.test'] },
      raw: plainMessage({ messageId: 'static@customer.test' }),
    });
    expect(await rowsOf('static@customer.test')).toHaveLength(1);
  });

  it('records a bounce, whose envelope has no sender', async () => {
    const { port } = await ingress();
    const session = await rawSmtp(port);
    await session.command('EHLO mailer-daemon.test');
    expect(await session.command('MAIL FROM:<>')).toMatch(/^250/);
    expect(await session.command('RCPT TO:<support@support.test>')).toMatch(/^250/);
    expect(await session.command('DATA')).toMatch(/^354/);
    session.write(
      plainMessage({ messageId: 'bounce@mailer-daemon.test', subject: 'Undelivered Mail Returned to Sender' }),
    );
    expect(await session.command('.')).toMatch(/^250 /);
    session.end();
    expect((await rowsOf('bounce@mailer-daemon.test'))[0]).toMatchObject({ envelope_from: null });
  });

  it('announces its size limit and refuses a larger message with 552, recording nothing', async () => {
    const { port, outcomes } = await ingress({ config: { sizeLimit: 4_096 } });
    const session = await rawSmtp(port);
    expect(await session.command('EHLO client.test')).toMatch(/^250[- ]SIZE 4096$/m);
    session.end();
    const big = plainMessage({ messageId: 'big@customer.test', body: 'x'.repeat(10_000) });
    // Declared in MAIL FROM (nodemailer sends SIZE=): refused before the data is sent.
    await expect(
      transport(port).sendMail({ envelope: { from: 'bob@customer.test', to: ['support@support.test'] }, raw: big }),
    ).rejects.toMatchObject({ responseCode: 552 });
    // Not declared: read to the end, then refused.
    const raw = await rawSmtp(port);
    await raw.command('EHLO client.test');
    expect(await raw.command('MAIL FROM:<bob@customer.test>')).toMatch(/^250/);
    expect(await raw.command('RCPT TO:<support@support.test>')).toMatch(/^250/);
    expect(await raw.command('DATA')).toMatch(/^354/);
    raw.write(big);
    expect(await raw.command('.')).toMatch(/^552 /);
    // The connection goes on: a message within the limit is taken.
    expect(await raw.command('MAIL FROM:<bob@customer.test>')).toMatch(/^250/);
    expect(await raw.command('RCPT TO:<support@support.test>')).toMatch(/^250/);
    expect(await raw.command('DATA')).toMatch(/^354/);
    raw.write(plainMessage({ messageId: 'small@customer.test' }));
    expect(await raw.command('.')).toMatch(/^250 /);
    raw.end();
    expect(await rowsOf('big@customer.test')).toEqual([]);
    expect(await rowsOf('small@customer.test')).toHaveLength(1);
    expect(outcomes).toContainEqual(
      expect.objectContaining({ kind: 'refused', code: 'MESSAGE_TOO_LARGE', status: 552 }),
    );
  });

  it('takes at most maxRecipients per message, answers 452 past it, and survives 5,000 recipients', async () => {
    const { port, outcomes } = await ingress({ config: { maxRecipients: 3 } });
    const to = Array.from({ length: 5 }, (_, n) => `support+n${n}@support.test`);
    const info = await transport(port).sendMail({
      envelope: { from: 'bob@customer.test', to },
      raw: plainMessage({ messageId: 'five@customer.test' }),
    });
    expect(info.accepted).toEqual(to.slice(0, 3));
    expect(info.rejected).toEqual(to.slice(3));
    expect(info.rejectedErrors?.map((error) => (error as { responseCode?: number }).responseCode)).toEqual([452, 452]);
    expect((await rowsOf('five@customer.test'))[0]?.envelope_to).toEqual(to.slice(0, 3));

    const many = Array.from({ length: 5_000 }, (_, n) => `support+m${n}@support.test`);
    const burst = await transport(port).sendMail({
      envelope: { from: 'spam@spam.test', to: many },
      raw: plainMessage({ messageId: 'many@spam.test' }),
    });
    expect(burst.accepted).toHaveLength(3);
    expect(burst.rejected).toHaveLength(4_997);
    expect(await rowsOf('many@spam.test')).toHaveLength(1);
    expect(
      outcomes.filter((outcome) => outcome.kind === 'refused' && outcome.code === 'TOO_MANY_RECIPIENTS'),
    ).toHaveLength(4_999);
    // Still answering.
    await transport(port).sendMail({
      envelope: { from: 'bob@customer.test', to: ['support@support.test'] },
      raw: plainMessage({ messageId: 'after-many@customer.test' }),
    });
    expect(await rowsOf('after-many@customer.test')).toHaveLength(1);
  });

  it('records a message with a NUL byte and bare line feeds as it came, and keeps answering', async () => {
    const { port } = await ingress();
    const raw = await rawSmtp(port);
    await raw.command('HELO odd.test');
    expect(await raw.command('MAIL FROM:<odd@odd.test>')).toMatch(/^250/);
    expect(await raw.command('RCPT TO:<support@support.test>')).toMatch(/^250/);
    expect(await raw.command('DATA')).toMatch(/^354/);
    raw.write('Message-ID: <nul@odd.test>\nSubject: bare\nFrom: odd@odd.test\n\nnul \u0000 here\nbare lf\r\n');
    expect(await raw.command('.')).toMatch(/^250 /);
    // A Message-ID with a control character in it: recorded, and the reply line carries none.
    expect(await raw.command('MAIL FROM:<odd@odd.test>')).toMatch(/^250/);
    expect(await raw.command('RCPT TO:<support@support.test>')).toMatch(/^250/);
    expect(await raw.command('DATA')).toMatch(/^354/);
    raw.write('Message-ID: <ctl\u0001 id@odd.test>\r\nSubject: control\r\n\r\nbody\r\n');
    expect(await raw.command('.')).toMatch(/^250 2\.0\.0 recorded as [\x21-\x7e]+$/);
    raw.end();
    const [row] = await rowsOf('nul@odd.test');
    expect(row).toMatchObject({ client_helo: 'odd.test' });
    const file = await storage.read(row!.storage_key);
    const chunks: Buffer[] = [];
    for await (const chunk of file!.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).includes(Buffer.from('nul \u0000 here\nbare lf'))).toBe(true);
  });

  it('answers 451 when the record fails, keeps nothing, and records the retry once', async () => {
    let failing = true;
    const flaky: MailSink = {
      async record(mail) {
        if (failing) throw new Error('database unavailable');
        return sink.record(mail);
      },
    };
    const { port, outcomes, recorded } = await ingress({}, flaky);
    const raw = plainMessage({ messageId: 'retry@customer.test' });
    const send = () =>
      transport(port).sendMail({ envelope: { from: 'bob@customer.test', to: ['support@support.test'] }, raw });
    await expect(send()).rejects.toMatchObject({ responseCode: 451 });
    expect(await rowsOf('retry@customer.test')).toEqual([]);
    expect(outcomes).toContainEqual(expect.objectContaining({ kind: 'refused', code: 'NOT_RECORDED', status: 451 }));
    failing = false;
    await send();
    await send();
    expect(await rowsOf('retry@customer.test')).toHaveLength(1);
    // The fast path hears of it once: the second 250 was a duplicate.
    await expect.poll(() => recorded).toEqual(['mid:retry@customer.test']);
    expect(outcomes.filter((outcome) => outcome.kind === 'recorded').map((outcome) => outcome.duplicate)).toEqual([
      false,
      true,
    ]);
  });

  it('offers STARTTLS with a certificate and takes mail over it; offers none without', async () => {
    const { cert, key } = await createTestCertificate();
    const secured = await ingress({ config: { tls: { cert, key } } });
    const plain = await ingress();
    const ehlo = async (port: number) => {
      const session = await rawSmtp(port);
      const answer = await session.command('EHLO client.test');
      session.end();
      return answer;
    };
    expect(await ehlo(secured.port)).toMatch(/^250[- ]STARTTLS$/m);
    expect(await ehlo(plain.port)).not.toMatch(/STARTTLS/);
    await transport(secured.port, { ca: cert }).sendMail({
      envelope: { from: 'bob@customer.test', to: ['support@support.test'] },
      raw: plainMessage({ messageId: 'tls@customer.test' }),
    });
    expect(await rowsOf('tls@customer.test')).toHaveLength(1);
    // A client that insists on TLS gets nowhere without it.
    await expect(
      transport(plain.port, { ca: cert }).sendMail({
        envelope: { from: 'bob@customer.test', to: ['support@support.test'] },
        raw: plainMessage({ messageId: 'no-tls@customer.test' }),
      }),
    ).rejects.toThrow(/STARTTLS/);
  });
});
