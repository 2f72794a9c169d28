import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AttachmentStorage } from '@support-engine/api';
import { DomainError } from '@support-engine/domain';
import { admitAttachment } from '@support-engine/domain/attachment';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSink, Recorded } from '../ingress.js';
import { createMailSink } from '../store/record.js';
import type { MailInTables } from '../store/schema.js';
import { CORPUS_FOLDER, readCorpus } from './corpus.fixture.js';
import { createMailDb } from './mail-db.fixture.js';
import { type MessageReading, readMessage } from './read-message.fixture.js';

const corpus = readCorpus();

let db: Kysely<MailInTables>;
let storage: AttachmentStorage;
let sink: MailSink;
/** The most memory seen while the corpus and its mutations went through (resident, and heap). */
const peak = { rss: 0, heapUsed: 0 };

beforeAll(async () => {
  ({ db, storage } = await createMailDb('mail_corpus'));
  sink = createMailSink(db, storage);
});
afterAll(async () => db?.destroy());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function notePeak() {
  const { rss, heapUsed } = process.memoryUsage();
  peak.rss = Math.max(peak.rss, rss);
  peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
}

async function stored(key: string): Promise<Buffer | null> {
  const file = await storage.read(key);
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Records `raw` through the sink, which must not throw for any bytes (a refusal would be a typed
 * error; the sink has none to give), and checks the row is whole: its bytes stored, its hash and
 * size theirs. A duplicate's row is the first message's with that key, whole as well.
 */
async function recordWhole(raw: Buffer): Promise<Recorded> {
  const recorded = await sink.record({
    raw,
    source: 'webhook',
    mailbox: 'support@support.test',
    receivedAt: new Date('2026-11-28T09:00:00Z'),
  });
  const row = await db
    .selectFrom('mail_in_messages')
    .selectAll()
    .where('message_key', '=', recorded.key)
    .executeTakeFirstOrThrow();
  expect(row.state).toBe('pending');
  const bytes = await stored(row.storage_key);
  expect(bytes && sha256(bytes)).toBe(row.sha256);
  expect(bytes?.length).toBe(row.size);
  if (!recorded.duplicate) expect(row.sha256).toBe(sha256(raw));
  return recorded;
}

/** A reading is one of the typed outcomes, and a read message one of the domain's kinds. */
function expectTyped(reading: MessageReading) {
  expect(['read', 'no-sender', 'unreadable']).toContain(reading.kind);
  if (reading.kind !== 'read') return;
  expect(['person', 'automatic', 'bounce', 'own']).toContain(reading.is.kind);
  expect(typeof reading.content.body).toBe('string');
}

const read = (reading: MessageReading) => {
  if (reading.kind !== 'read') throw new Error(`expected a read message, got ${reading.kind}`);
  return reading;
};
const person = (from: string) => (reading: MessageReading) =>
  expect(read(reading)).toMatchObject({ from, is: { kind: 'person' } });
const attachment = (reading: MessageReading, mimeType: string) => {
  const found = read(reading).email.attachments.find((part) => part.mimeType === mimeType);
  if (!found) throw new Error(`no ${mimeType} part`);
  return found;
};

/** The uncompressed size a zip's first local file header states (little-endian, at byte 22). */
const statedZipSize = (zip: Uint8Array) => Buffer.from(zip).readUInt32LE(22);

/** What reading each corpus file gives: the typed outcome the core processor starts from. */
const EXPECTED: Readonly<Record<string, (reading: MessageReading, recorded: Recorded) => void>> = {
  'bare-cr.eml': (reading) => expect(reading.kind).toBe('no-sender'), // one long header line to the parser
  'bare-lf.eml': person('bob@customer.test'),
  'base64-garbage.eml': (reading) => expect(attachment(reading, 'image/png').filename).toBe('photo.png'),
  'broken-encoded-words.eml': person('bob@customer.test'),
  'calendar-invite.eml': (reading) => expect(attachment(reading, 'text/calendar').method).toBe('REQUEST'),
  'delivery-status-notification.eml': (reading) =>
    expect(read(reading).is).toEqual({ kind: 'bounce', failedRecipients: ['gone@customer.test'] }),
  'eight-bit-headers.eml': person('renee@customer.test'),
  'from-without-address.eml': (reading) => expect(reading.kind).toBe('no-sender'),
  'header-without-colon.eml': person('bob@customer.test'),
  'html-only.eml': (reading) => {
    person('bob@customer.test')(reading);
    const { email } = read(reading);
    expect(email.html).toContain('1042');
    expect(email.text).toBeUndefined();
    expect(read(reading).content.body).toBe('Hello,\n\nmy order 1042 never arrived.');
  },
  'huge-header-line.eml': (reading, recorded) => {
    // The Message-ID comes after 256 KiB of headers: recorded under the hash, read by the parser.
    expect(recorded.key).toMatch(/^sha256:/);
    expect(read(reading).email.messageId).toBe('<after-huge-header@corpus.test>');
  },
  'invalid-charset.eml': (reading) => expect(read(reading).email.text).toContain('Caf'),
  'missing-headers.eml': (reading, recorded) => {
    expect(reading.kind).toBe('no-sender');
    expect(recorded.key).toMatch(/^sha256:/);
  },
  'nested-multipart-100.eml': (reading) => expect(read(reading).email.text).toContain('100 levels down'),
  'nul-byte.eml': (reading, recorded) => {
    // A Message-ID with a NUL is no Message-ID (PostgreSQL text cannot hold one): the hash keys it.
    expect(recorded.key).toMatch(/^sha256:/);
    person('bob@customer.test')(reading);
    // The parser keeps the NUL; the content a ticket message takes has none (PostgreSQL refuses it).
    expect(read(reading).email.text).toContain('\u0000');
    expect(read(reading).content.body).not.toContain('\u0000');
  },
  'recipients-5000.eml': (reading) => {
    const { email } = read(reading);
    expect((email.to?.length ?? 0) + (email.cc?.length ?? 0)).toBe(5001);
  },
  'several-from.eml': person('alice@customer.test'),
  'subject-crlf-injection.eml': (reading) => {
    const { email } = read(reading);
    // The decoded subject holds line breaks; they never became headers of their own.
    expect(email.headers.map((header) => header.key)).not.toContain('bcc');
    expect(email.subject).toMatch(/\r\n/);
  },
  'unterminated-multipart.eml': (reading) => expect(attachment(reading, 'application/pdf').filename).toBe('cut.pdf'),
  'utf8-headers.eml': person('jöns@bücher.test'),
  'zip-bomb.eml': (reading) => {
    const zip = attachment(reading, 'application/zip');
    const bytes = new Uint8Array(zip.content as ArrayBuffer);
    // Never expanded: the part is the zip's own bytes, far fewer than the 64 MiB it states.
    expect(statedZipSize(bytes)).toBe(64 * 1024 * 1024);
    expect(bytes.length).toBeLessThan(100 * 1024);
    // The attachment policy judges it as the file it is: a zip of its own size, under a 1 MiB limit.
    const limits = { maxBytes: 1024 * 1024, allowedTypes: ['application/zip'] };
    const file = { fileName: 'report.zip', sniffed: { mime: 'application/zip', ext: 'zip' }, text: false };
    expect(admitAttachment({ ...file, size: bytes.length }, limits)).toBe('application/zip');
    expect(() => admitAttachment({ ...file, size: statedZipSize(bytes) }, limits)).toThrow(DomainError);
  },
};

describe('the corpus of malformed mail', () => {
  it('has each file described in its README and an expected reading', () => {
    const readme = readFileSync(new URL('README.md', CORPUS_FOLDER), 'utf8');
    expect(corpus.map(({ name }) => name)).toEqual(Object.keys(EXPECTED).sort());
    for (const { name } of corpus) expect(readme).toContain(`\`${name}\``);
  });

  it('is recorded whole, once, and read to a typed outcome, file by file', async () => {
    const started = performance.now();
    for (const { name, raw } of corpus) {
      const recorded = await recordWhole(raw);
      expect({ name, duplicate: recorded.duplicate }).toEqual({ name, duplicate: false });
      expect((await recordWhole(raw)).duplicate).toBe(true);
      const reading = await readMessage(raw);
      notePeak();
      expectTyped(reading);
      EXPECTED[name]?.(reading, recorded);
    }
    console.info(
      `corpus: ${corpus.length} files in ${Math.round(performance.now() - started)} ms; peak rss ${mib(peak.rss)}, heap ${mib(peak.heapUsed)}`,
    );
  });

  it('and every mutation of it (bytes flipped, cut short, lines repeated) is recorded whole or read typed, never a crash', async () => {
    const mutation = fc.oneof(
      fc
        .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 32 })
        .map((flips) => (raw: Buffer) => {
          const copy = Buffer.from(raw);
          for (const [at, byte] of flips) copy[at % copy.length] = byte;
          return copy;
        }),
      fc.nat().map((at) => (raw: Buffer) => raw.subarray(0, at % (raw.length + 1))),
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 50 })).map(([at, times]) => (raw: Buffer) => {
        const lines = raw.toString('latin1').split('\n');
        const line = at % lines.length;
        lines.splice(line, 0, ...Array<string>(times).fill(lines[line] ?? ''));
        return Buffer.from(lines.join('\n'), 'latin1');
      }),
    );
    const started = performance.now();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...corpus), mutation, async ({ raw }, mutate) => {
        const mutated = mutate(raw);
        runs++;
        await recordWhole(mutated);
        expectTyped(await readMessage(mutated));
        notePeak();
      }),
      { numRuns: 300 },
    );
    console.info(
      `fuzz: ${runs} mutations in ${Math.round(performance.now() - started)} ms; peak rss ${mib(peak.rss)}, heap ${mib(peak.heapUsed)}`,
    );
  });
});
