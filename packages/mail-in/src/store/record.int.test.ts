import { createHash } from 'node:crypto';
import type { AttachmentStorage } from '@support-engine/api';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceivedMail } from '../ingress.js';
import { createMailDb, plainMessage } from '../testing/mail-db.fixture.js';
import { rawStorageKey } from './message-key.js';
import { createMailSink } from './record.js';
import type { MailInTables } from './schema.js';

let db: Kysely<MailInTables>;
let storage: AttachmentStorage;

beforeAll(async () => {
  ({ db, storage } = await createMailDb('mail_record'));
});
afterAll(async () => db?.destroy());

const mail = (raw: Buffer, mailbox = 'Support@Support.test'): ReceivedMail => ({
  raw,
  source: 'smtp',
  mailbox,
  envelope: { from: 'bob@customer.test', to: ['support@support.test'] },
  receivedAt: new Date('2026-11-28T09:00:00Z'),
});

async function stored(key: string): Promise<Buffer | null> {
  const file = await storage.read(key);
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('recording a received message', () => {
  it('keeps the raw bytes and one pending row, once, however often it is delivered', async () => {
    const sink = createMailSink(db, storage);
    const raw = plainMessage({ messageId: 'once@customer.test' });
    const results = await Promise.all([sink.record(mail(raw)), sink.record(mail(raw)), sink.record(mail(raw))]);
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(new Set(results.map((result) => result.key))).toEqual(new Set(['mid:once@customer.test']));
    const rows = await db
      .selectFrom('mail_in_messages')
      .selectAll()
      .where('message_id', '=', 'once@customer.test')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'pending', mailbox: 'support@support.test', size: raw.length });
    expect(await stored(rows[0]!.storage_key)).toEqual(raw);
  });

  it('keeps the first of two messages with one Message-ID, and not the other’s bytes', async () => {
    const sink = createMailSink(db, storage);
    const first = plainMessage({ messageId: 'same@customer.test', body: 'first' });
    const second = plainMessage({ messageId: 'same@customer.test', body: 'second' });
    expect((await sink.record(mail(first))).duplicate).toBe(false);
    expect((await sink.record(mail(second))).duplicate).toBe(true);
    const secondKey = rawStorageKey(createHash('sha256').update(second).digest('hex'));
    expect(await stored(secondKey)).toBeNull();
  });

  it('records a message without Message-ID under its hash, and its exact repeat as a duplicate', async () => {
    const sink = createMailSink(db, storage);
    const raw = plainMessage({ body: 'no id here' });
    const first = await sink.record(mail(raw));
    expect(first).toMatchObject({ duplicate: false, key: expect.stringMatching(/^sha256:/) });
    expect(await sink.record(mail(raw))).toEqual({ key: first.key, duplicate: true });
    expect(await sink.record(mail(plainMessage({ body: 'no id here, other words' })))).toMatchObject({
      duplicate: false,
    });
  });

  it('leaves no row when the bytes could not be stored', async () => {
    const failing: AttachmentStorage = {
      ...storage,
      write: async () => {
        throw new Error('disk full');
      },
    };
    const raw = plainMessage({ messageId: 'disk-full@customer.test' });
    await expect(createMailSink(db, failing).record(mail(raw))).rejects.toThrow('disk full');
    const rows = await db
      .selectFrom('mail_in_messages')
      .select('message_key')
      .where('message_id', '=', 'disk-full@customer.test')
      .execute();
    expect(rows).toEqual([]);
    // The sender retries, the disk has room again: recorded.
    expect((await createMailSink(db, storage).record(mail(raw))).duplicate).toBe(false);
  });

  it('refuses, typed and before storing anything, what an ingress passed on that is not an address or a host', async () => {
    const sink = createMailSink(db, storage);
    const raw = plainMessage({ messageId: 'bad-envelope@customer.test' });
    const cases: Partial<ReceivedMail>[] = [
      { envelope: { from: 'bob\u0000@customer.test', to: ['support@support.test'] } },
      { envelope: { to: ['support@support.test', 'x'.repeat(400)] } },
      { mailbox: 'support\r\n@support.test' },
      { client: { ip: '192.0.2.1', helo: 'mx\u0000.customer.test' } },
    ];
    for (const bad of cases)
      await expect(sink.record({ ...mail(raw), ...bad })).rejects.toMatchObject({ code: 'MAIL_NOT_RECORDABLE' });
    expect(await stored(rawStorageKey(createHash('sha256').update(raw).digest('hex')))).toBeNull();
    expect(
      await db
        .selectFrom('mail_in_messages')
        .select('message_key')
        .where('message_id', '=', 'bad-envelope@customer.test')
        .execute(),
    ).toEqual([]);
    // The null sender (`MAIL FROM:<>`, a bounce) is no address, and is recorded.
    expect((await sink.record({ ...mail(raw), envelope: { from: '', to: ['support@support.test'] } })).duplicate).toBe(
      false,
    );
  });
});
