import { createHmac, randomBytes } from 'node:crypto';
import type { AttachmentStorage } from '@support-engine/api';
import fc from 'fast-check';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSink, ReceivedMail, Recorded } from '../ingress.js';
import { createMailSink } from '../store/record.js';
import { MailNotRecordable } from '../store/refusal.js';
import type { MailInTables } from '../store/schema.js';
import { readCorpus } from '../testing/corpus.fixture.js';
import { createMailDb, plainMessage } from '../testing/mail-db.fixture.js';
import { createWebhookIngress, WEBHOOK_INGRESS_PATH } from './ingress.js';

const PATH_SECRET = 'p'.repeat(20) + randomBytes(12).toString('hex');
const SHARED_SECRET = 's'.repeat(20) + randomBytes(12).toString('hex');
const SIGNING_KEY = randomBytes(32);
const SIGNING_SECRET = `whsec_${SIGNING_KEY.toString('base64')}`;
const MAX_MESSAGE_BYTES = 8 * 1024;

let db: Kysely<MailInTables>;
let storage: AttachmentStorage;
let sink: MailSink;
/** The sink the server records through: the real one, unless a test makes it fail. */
let recordThrough: MailSink['record'];
const told: Recorded[] = [];
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  ({ db, storage } = await createMailDb('mail_webhook'));
  sink = createMailSink(db, storage);
  recordThrough = sink.record;
  server = Fastify({ logger: false });
  await server.register(
    createWebhookIngress({
      sink: { record: (mail) => recordThrough(mail) },
      secrets: [
        { mailbox: 'support@support.test', pathSecret: PATH_SECRET, signingSecret: SIGNING_SECRET },
        { mailbox: 'sales@support.test', pathSecret: SHARED_SECRET },
        { mailbox: 'billing@support.test', pathSecret: SHARED_SECRET },
      ],
      maxMessageBytes: MAX_MESSAGE_BYTES,
      logger: pino({ level: 'silent' }),
      onRecorded: (recorded) => {
        told.push(recorded);
      },
    }),
  );
  base = await server.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

type Post = Omit<RequestInit, 'body'> & { readonly body?: Buffer | string | FormData | URLSearchParams };
const post = (path: string, { body, ...init }: Post) =>
  fetch(`${base}${WEBHOOK_INGRESS_PATH}${path}`, {
    method: 'POST',
    ...init,
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
  });

async function rowsOf(messageId: string) {
  return db.selectFrom('mail_in_messages').selectAll().where('message_id', '=', messageId).execute();
}

async function rowCount(): Promise<number> {
  const { count } = await db
    .selectFrom('mail_in_messages')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

async function refusal(response: Response) {
  const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
  return { status: response.status, code: body.errors[0]?.extensions.code };
}

/** Signs `body` the Standard Webhooks way, `secondsAgo` in the past. */
function signed(body: Buffer | string, secondsAgo = 0, key = SIGNING_KEY): Record<string, string> {
  const id = `msg_${randomBytes(6).toString('hex')}`;
  const timestamp = String(Math.floor(Date.now() / 1000) - secondsAgo);
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${mac}` };
}

describe('the webhook ingress, over HTTP', () => {
  it('records a raw message/rfc822 body posted to the secret path, for the mailbox its To header names', async () => {
    const raw = plainMessage({ messageId: 'raw-body@customer.test', to: 'Support <SUPPORT+abc@support.test>' });
    const response = await post(`/${PATH_SECRET}`, { headers: { 'content-type': 'message/rfc822' }, body: raw });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ key: 'mid:raw-body@customer.test', duplicate: false });
    const [row, ...others] = await rowsOf('raw-body@customer.test');
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      source: 'webhook',
      mailbox: 'support@support.test',
      state: 'pending',
      size: raw.length,
    });
    expect(row?.envelope_to).toEqual([]);
    expect(told).toContainEqual({ key: 'mid:raw-body@customer.test', duplicate: false });
  });

  it('takes SendGrid’s raw mode: the message in the `email` field, the envelope as JSON', async () => {
    const form = new FormData();
    form.set('email', plainMessage({ messageId: 'sendgrid@customer.test' }).toString('utf8'));
    form.set('envelope', JSON.stringify({ to: ['support@support.test'], from: 'bob@customer.test' }));
    form.set('charsets', '{"to":"UTF-8"}');
    const response = await post(`/${PATH_SECRET}`, { body: form });
    expect(response.status).toBe(200);
    expect(await rowsOf('sendgrid@customer.test')).toEqual([
      expect.objectContaining({
        mailbox: 'support@support.test',
        envelope_from: 'bob@customer.test',
        envelope_to: ['support@support.test'],
      }),
    ]);
  });

  it('takes Mailgun’s MIME route: the message in `body-mime` (here a file part), the envelope in `recipient` and `sender`', async () => {
    const raw = Buffer.concat([
      plainMessage({ messageId: 'mailgun@customer.test', subject: 'caf\u00e9' }),
      Buffer.from([0xe9, 0x0d, 0x0a]), // a Latin-1 byte: kept as it came
    ]);
    const form = new FormData();
    form.set('body-mime', new Blob([new Uint8Array(raw)], { type: 'message/rfc822' }), 'message.eml');
    form.set('recipient', 'billing@support.test, someone@else.test');
    form.set('sender', 'bob@customer.test');
    const response = await post(`/${SHARED_SECRET}/mime`, { body: form });
    expect(response.status).toBe(200);
    const [row] = await rowsOf('mailgun@customer.test');
    expect(row).toMatchObject({
      mailbox: 'billing@support.test',
      size: raw.length,
      envelope_from: 'bob@customer.test',
    });
    const file = await storage.read(row!.storage_key);
    const chunks: Buffer[] = [];
    for await (const chunk of file!.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(raw);
  });

  it('takes a bounce, whose envelope sender is empty (the null sender)', async () => {
    const form = new FormData();
    form.set(
      'email',
      plainMessage({ messageId: 'null-sender@customer.test', from: 'MAILER-DAEMON@mx.test' }).toString(),
    );
    form.set('envelope', JSON.stringify({ to: ['support@support.test'], from: '' }));
    expect((await post(`/${PATH_SECRET}`, { body: form })).status).toBe(200);
    expect(await rowsOf('null-sender@customer.test')).toEqual([expect.objectContaining({ envelope_from: '' })]);
  });

  it('takes a URL-encoded form and a JSON body with the message base64 in `raw`', async () => {
    const form = new URLSearchParams({
      'body-mime': plainMessage({ messageId: 'urlencoded@customer.test' }).toString('utf8'),
      recipient: 'sales@support.test',
    });
    expect((await post(`/${SHARED_SECRET}`, { body: form })).status).toBe(200);
    expect(await rowsOf('urlencoded@customer.test')).toEqual([
      expect.objectContaining({ mailbox: 'sales@support.test' }),
    ]);

    const json = JSON.stringify({
      raw: plainMessage({ messageId: 'json@customer.test' }).toString('base64'),
      envelope: { to: 'support@support.test', from: 'bob@customer.test' },
      provider: 'any other fields are ignored',
    });
    const response = await post(`/${PATH_SECRET}`, { headers: { 'content-type': 'application/json' }, body: json });
    expect(response.status).toBe(200);
    expect(await rowsOf('json@customer.test')).toEqual([
      expect.objectContaining({ envelope_to: ['support@support.test'], envelope_from: 'bob@customer.test' }),
    ]);
  });

  it('records a post made twice once: the second answer says duplicate', async () => {
    const raw = plainMessage({ messageId: 'twice@customer.test' });
    const send = () => post(`/${PATH_SECRET}`, { headers: { 'content-type': 'message/rfc822' }, body: raw });
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as Recorded[];
    expect(bodies.map((body) => body.duplicate).sort()).toEqual([false, true]);
    expect(await rowsOf('twice@customer.test')).toHaveLength(1);
  });

  it('refuses a wrong secret path with 401, and records nothing', async () => {
    const before = await rowCount();
    const raw = plainMessage({ messageId: 'wrong-secret@customer.test' });
    for (const secret of [`${PATH_SECRET}x`, PATH_SECRET.slice(0, -1), 'x'.repeat(40), `${'x'.repeat(40)}/mime`]) {
      const response = await post(`/${secret}`, { headers: { 'content-type': 'message/rfc822' }, body: raw });
      expect(await refusal(response)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
    expect(await rowCount()).toBe(before);
  });

  it('records a signed post, and refuses a bad signature, a replayed timestamp or missing headers', async () => {
    const raw = plainMessage({ messageId: 'signed@customer.test' });
    const headers = { 'content-type': 'message/rfc822' };
    const before = await rowCount();

    const forged = await post('', { headers: { ...headers, ...signed(raw, 0, randomBytes(32)) }, body: raw });
    expect(await refusal(forged)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const altered = await post('', {
      headers: { ...headers, ...signed(raw) },
      body: Buffer.concat([raw, Buffer.from('P.S. wire the money')]),
    });
    expect(await refusal(altered)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const replayed = await post('', { headers: { ...headers, ...signed(raw, 6 * 60) }, body: raw });
    expect(await refusal(replayed)).toEqual({ status: 401, code: 'SIGNATURE_EXPIRED' });
    const bare = await post('', { headers, body: raw });
    expect(await refusal(bare)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await rowCount()).toBe(before);

    const good = await post('', { headers: { ...headers, ...signed(raw, 60) }, body: raw });
    expect(good.status).toBe(200);
    expect(await rowsOf('signed@customer.test')).toEqual([
      expect.objectContaining({ mailbox: 'support@support.test' }),
    ]);
  });

  it('refuses a message over the size limit with 413, whether the body or the message in it is too large', async () => {
    const before = await rowCount();
    const big = plainMessage({ messageId: 'big@customer.test', body: 'x'.repeat(MAX_MESSAGE_BYTES) });
    const raw = await post(`/${PATH_SECRET}`, { headers: { 'content-type': 'message/rfc822' }, body: big });
    expect(await refusal(raw)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const huge = plainMessage({ messageId: 'huge@customer.test', body: 'x'.repeat(200 * 1024) });
    const body = await post(`/${PATH_SECRET}`, { headers: { 'content-type': 'message/rfc822' }, body: huge });
    expect(await refusal(body)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await rowCount()).toBe(before);
  });

  it('refuses what is not a message (400) or is for a mailbox the secret does not stand for (422)', async () => {
    const before = await rowCount();
    const cases: [Post, number, string][] = [
      [{ headers: { 'content-type': 'message/rfc822' }, body: '' }, 400, 'NOT_A_MESSAGE'],
      [{ headers: { 'content-type': 'text/plain' }, body: '<html><body>hello</body></html>' }, 400, 'NOT_A_MESSAGE'],
      [{ headers: { 'content-type': 'image/png' }, body: 'PNG' }, 400, 'NOT_A_MESSAGE'],
      [{ headers: { 'content-type': 'application/json' }, body: '{"email":"x"}' }, 400, 'NOT_A_MESSAGE'],
      [{ headers: { 'content-type': 'application/json' }, body: '{"raw":"not base64!"}' }, 400, 'NOT_A_MESSAGE'],
      [{ headers: { 'content-type': 'application/json' }, body: '{"raw":' }, 400, 'BAD_USER_INPUT'],
      [{ body: new URLSearchParams({ subject: 'no message here' }) }, 400, 'NOT_A_MESSAGE'],
      [{ body: new URLSearchParams({ email: 'Subject: x\r\n\r\nhi', envelope: '{"to":' }) }, 400, 'BAD_USER_INPUT'],
      [
        { body: new URLSearchParams({ email: 'Subject: x\r\n\r\nhi', envelope: '{"to":["a\\u0000@x"]}' }) },
        400,
        'BAD_USER_INPUT',
      ],
      [
        { body: new URLSearchParams({ email: 'Subject: x\r\n\r\nhi', recipient: 'other@support.test' }) },
        422,
        'UNKNOWN_MAILBOX',
      ],
    ];
    for (const [index, [init, status, code]] of cases.entries()) {
      const answer = await refusal(await post(`/${PATH_SECRET}`, init));
      expect({ index, ...answer }).toEqual({ index, status, code });
    }
    // A secret for two mailboxes takes a message naming neither only through the envelope: none here.
    const neither = await post(`/${SHARED_SECRET}`, {
      headers: { 'content-type': 'message/rfc822' },
      body: plainMessage({ messageId: 'neither@customer.test', to: 'someone@else.test' }),
    });
    expect(await refusal(neither)).toEqual({ status: 422, code: 'UNKNOWN_MAILBOX' });
    expect(await rowCount()).toBe(before);
  });

  it('answers 503 when the message could not be recorded, and records it when the provider posts again', async () => {
    const raw = plainMessage({ messageId: 'retried@customer.test' });
    const send = () => post(`/${PATH_SECRET}`, { headers: { 'content-type': 'message/rfc822' }, body: raw });
    recordThrough = async () => {
      throw new Error('database down');
    };
    try {
      const failed = await send();
      expect(failed.headers.get('retry-after')).toBe('60');
      expect(await refusal(failed)).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    } finally {
      recordThrough = sink.record;
    }
    expect(await rowsOf('retried@customer.test')).toEqual([]);
    // What the sink refuses for good is no outage: the provider is told not to retry.
    recordThrough = async () => {
      throw new MailNotRecordable('The message cannot be recorded: the envelope is not addresses');
    };
    try {
      expect(await refusal(await send())).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    } finally {
      recordThrough = sink.record;
    }
    expect((await send()).status).toBe(200);
    expect(await rowsOf('retried@customer.test')).toHaveLength(1);
  });
});

describe('the webhook ingress, with the corpus of malformed mail', () => {
  it('records every corpus file posted raw (default size limit), whole', async () => {
    const corpusServer = Fastify({ logger: false });
    await corpusServer.register(
      createWebhookIngress({
        sink,
        secrets: [{ mailbox: 'support@support.test', pathSecret: PATH_SECRET }],
        logger: pino({ level: 'silent' }),
      }),
    );
    const url = `${await corpusServer.listen({ port: 0, host: '127.0.0.1' })}${WEBHOOK_INGRESS_PATH}/${PATH_SECRET}`;
    try {
      for (const { name, raw } of readCorpus()) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'message/rfc822' },
          body: new Uint8Array(raw),
        });
        const { key } = (await response.json()) as Recorded;
        expect({ name, status: response.status }).toEqual({ name, status: 200 });
        const row = await db
          .selectFrom('mail_in_messages')
          .select(['size', 'mailbox', 'source'])
          .where('message_key', '=', key)
          .executeTakeFirst();
        expect({ name, row }).toEqual({
          name,
          row: { size: raw.length, mailbox: 'support@support.test', source: 'webhook' },
        });
      }
    } finally {
      await corpusServer.close();
    }
  });
});

describe('the webhook ingress, fuzzed', () => {
  it('answers any body under any content type with 200 or a typed 4xx, never a server error', async () => {
    const contentType = fc.constantFrom(
      'message/rfc822',
      'text/plain; charset=utf-8',
      'application/json',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'image/png',
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
      fc.string({ maxLength: 512 }).map((text) => Buffer.from(text)),
      fc.constantFrom(...readCorpus().filter(({ raw }) => raw.length < MAX_MESSAGE_BYTES)).map(({ raw }) => raw),
      fc.jsonValue().map((value) => Buffer.from(JSON.stringify({ raw: value, envelope: value }))),
    );
    await fc.assert(
      fc.asyncProperty(contentType, body, async (type, bytes) => {
        const response = await post(`/${PATH_SECRET}`, { headers: { 'content-type': type }, body: bytes });
        const answer = (await response.json()) as { key?: string; errors?: { extensions: { code: string } }[] };
        if (response.status === 200) expect(answer.key).toMatch(/^(mid|sha256):/);
        else expect([400, 413, 422]).toContain(response.status);
        if (response.status !== 200) expect(answer.errors?.[0]?.extensions.code).toMatch(/^[A-Z_]+$/);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the webhook ingress’s settings', () => {
  it('refuses secrets too short to guess at, and a mailbox with no secret', () => {
    const options = {
      sink: { record: async (_mail: ReceivedMail) => ({ key: '', duplicate: false }) },
      logger: pino({ level: 'silent' }),
    };
    // Longer than fastify's longest path parameter: the route would never match it.
    expect(() =>
      createWebhookIngress({ ...options, secrets: [{ mailbox: 'a@b.test', pathSecret: 'x'.repeat(101) }] }),
    ).toThrow(/pathSecret/);
    expect(() => createWebhookIngress({ ...options, secrets: [{ mailbox: 'a@b.test', pathSecret: 'short' }] })).toThrow(
      /pathSecret/,
    );
    expect(() =>
      createWebhookIngress({ ...options, secrets: [{ mailbox: 'a@b.test', signingSecret: 'whsec_c2hvcnQ=' }] }),
    ).toThrow(/signingSecret/);
    expect(() => createWebhookIngress({ ...options, secrets: [{ mailbox: 'a@b.test' }] })).toThrow(
      /pathSecret, a signingSecret/,
    );
    expect(() => createWebhookIngress({ ...options, secrets: [] })).toThrow(/secrets/);
    expect(() =>
      createWebhookIngress({ ...options, secrets: [{ mailbox: 'a\u0000@b.test', pathSecret: PATH_SECRET }] }),
    ).toThrow(/mailbox/);
  });
});
