import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ATTACHMENT_QUOTA } from '@support-engine/domain/attachment';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttachmentsTable, migrateAttachments } from './attachments/catalog.js';
import { createLocalAttachmentStorage } from './attachments/local-storage.js';
import { createAttachments } from './attachments/service.js';
import { signUploadGrant } from './attachments/upload-grant.js';
import { SAMPLE_PDF } from './testing/files.fixture.js';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';

// Attachments end to end over the API: an upload URL from GraphQL, the bytes PUT to it (type
// read from the bytes, digest computed on the way), the file on a message, and downloads held
// to the message's visibility. Every refusal is typed and leaves nothing stored.

const ALICE = 'cust-alice';
const BOB = 'cust-bob';
const MAX_BYTES = 64 * 1024;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), randomBytes(200)]);
/**
 * The smallest well-formed OLE2 Compound File (version 3, 512-byte sectors), the container of
 * .doc, .xls, .ppt and .msg: a header, one FAT sector and one directory sector holding the root
 * entry, with Word's class id. `file` reads it as "Composite Document File V2 Document".
 */
const CFB = (() => {
  const [sector, end] = [512, 0xfffffffe];
  const bytes = Buffer.alloc(3 * sector, 0);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(bytes, 0);
  // Minor and major version, byte order, sector and mini-sector shifts.
  for (const [i, value] of [0x3e, 3, 0xfffe, 9, 6].entries()) bytes.writeUInt16LE(value, 24 + 2 * i);
  bytes.writeUInt32LE(1, 44); // FAT sectors
  bytes.writeUInt32LE(1, 48); // first directory sector
  bytes.writeUInt32LE(4096, 56); // mini stream cutoff
  bytes.writeUInt32LE(end, 60); // no mini FAT
  bytes.writeUInt32LE(end, 68); // no DIFAT sectors
  bytes.fill(0xff, 76, sector);
  bytes.writeUInt32LE(0, 76); // the FAT is sector 0
  const fat = bytes.subarray(sector, 2 * sector).fill(0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0: the FAT itself
  fat.writeUInt32LE(end, 4); // sector 1: the directory, one sector long
  const directory = bytes.subarray(2 * sector);
  // Four entries, none with siblings or children: the root, then three unused.
  for (let entry = 0; entry < 4; entry++) directory.fill(0xff, entry * 128 + 68, entry * 128 + 80);
  directory.write('Root Entry', 0, 'utf16le');
  directory.writeUInt16LE(22, 64);
  directory[66] = 5; // root storage
  directory[67] = 1; // black
  Buffer.from('0609020000000000c000000000000046', 'hex').copy(directory, 80);
  directory.writeUInt32LE(end, 116); // empty mini stream
  return bytes;
})();

let h: ApiHarness;
let dir: string;
let alice: string;
let bob: string;
let agent: string;

interface Stored {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  url: string;
}

const UPLOAD =
  'mutation($f: String!, $c: String) { createAttachmentUpload(input: { fileName: $f, contentType: $c }) { attachmentId uploadUrl method expiresAt maxBytes } }';

async function uploadUrl(as: string, fileName: string, contentType?: string) {
  const response = await h.gql(UPLOAD, { f: fileName, c: contentType }, as);
  return field<{ attachmentId: string; uploadUrl: string; maxBytes: number }>(response, 'createAttachmentUpload');
}

async function put(url: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const response = await h.app.inject({ method: 'PUT', url, headers: { 'content-type': contentType }, payload: bytes });
  return {
    status: response.statusCode,
    body: JSON.parse(response.body) as Stored & { errors?: { extensions: { code: string } }[] },
  };
}

async function upload(as: string, fileName: string, bytes: Buffer): Promise<Stored> {
  const { uploadUrl: url } = await uploadUrl(as, fileName);
  const response = await put(url, bytes);
  expect(response.status).toBe(201);
  return response.body;
}

const download = (id: string, token?: string) =>
  h.app.inject({
    method: 'GET',
    url: `/attachments/${id}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

async function openTicket(as: string, customerId: string, attachmentIds: string[] = []) {
  const response = await h.gql(
    'mutation($c: ID!, $a: [ID!]) { openTicket(input: { customerId: $c, subject: "Broken export", description: "See attached", channel: web, attachmentIds: $a }) { id consistencyToken } }',
    { c: customerId, a: attachmentIds },
    as,
  );
  return field<{ id: string; consistencyToken: string }>(response, 'openTicket');
}

const MESSAGES =
  'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { messages { internal body attachments { id fileName contentType size sha256 url } } } }';

const storedFiles = async () =>
  (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.parentPath.includes('.partial'))
    .map((entry) => entry.name)
    .sort();
const partials = async () => readdir(join(dir, '.partial'));
/** When a message or an article first named the file: null while the sweep may take it. */
const attachedAt = async (id: string) =>
  (
    await h.db
      .withTables<{ attachments: AttachmentsTable }>()
      .selectFrom('attachments')
      .select('attached_at')
      .where('attachment_id', '=', id)
      .executeTakeFirstOrThrow()
  ).attached_at;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'attachments-int-'));
  h = await createApiHarness({
    config: {
      attachments: {
        maxBytes: MAX_BYTES,
        allowedTypes: ['image/png', 'application/pdf', 'text/plain', 'application/msword'],
      },
    },
    attachmentStorage: await createLocalAttachmentStorage(dir),
  });
  alice = await h.token('customer', ALICE);
  bob = await h.token('customer', BOB);
  agent = await h.token('agent', 'agent-files');
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('uploading', () => {
  it('stores the bytes once, with the type read from them and their SHA-256', async () => {
    const slot = await uploadUrl(alice, 'screenshot.png', 'image/png');
    expect(slot.uploadUrl).toMatch(/^\/attachments\/uploads\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(slot.maxBytes).toBe(MAX_BYTES);
    const bytes = Buffer.concat([PNG, randomBytes(20_000)]);
    const stored = await put(slot.uploadUrl, bytes, 'image/png');
    expect(stored.status).toBe(201);
    expect(stored.body).toEqual({
      id: slot.attachmentId,
      fileName: 'screenshot.png',
      contentType: 'image/png',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      url: `/attachments/${slot.attachmentId}`,
    });
    // The URL is spent.
    expect((await put(slot.uploadUrl, bytes)).status).toBe(404);
  });

  it('recognizes text without a signature', async () => {
    const stored = await upload(alice, 'app.log', Buffer.from('2026-03-02 ERROR export failed\n'));
    expect(stored.contentType).toBe('text/plain');
  });

  it('recognizes the text Windows tools and terminals write: UTF-16 with its mark, Latin-1, colour codes', async () => {
    const words = 'Facture impayée: 42 €\r\n';
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(words.repeat(200), 'utf16le')]);
    const utf16be = Buffer.from(Buffer.from(`\ufeff${words}`, 'utf16le')).swap16();
    const latin1 = Buffer.from('Facture impayée, réf. 42\n', 'latin1');
    const coloured = Buffer.from('\u001b[31mERROR\u001b[0m export failed\n');
    for (const [name, bytes] of [
      ['notes.txt', utf16le],
      ['be.txt', utf16be],
      ['latin.txt', latin1],
      ['run.log', coloured],
    ] as const)
      expect((await upload(alice, name, bytes)).contentType, name).toBe('text/plain');
    // Other control bytes are no text, whatever the mark says.
    const { uploadUrl: url } = await uploadUrl(alice, 'odd.txt');
    const binary = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([1, 0, 2, 0, 3, 0])]);
    expect((await put(url, binary)).status).toBe(415);
  });

  it('refuses what the deployment does not take, with typed errors, leaving nothing stored', async () => {
    const before = await storedFiles();
    const refused = async (fileName: string, bytes: Buffer, declared?: string) => {
      const { uploadUrl: url } = await uploadUrl(alice, fileName);
      const response = await put(url, bytes, declared);
      return [response.status, response.body.errors?.[0]?.extensions.code];
    };
    expect(await refused('invoice.pdf', EXE)).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    expect(await refused('photo.pdf', PNG)).toEqual([415, 'ATTACHMENT_TYPE_MISMATCH']);
    expect(await refused('photo.png', PNG, 'application/pdf')).toEqual([415, 'ATTACHMENT_TYPE_MISMATCH']);
    // The type announced for the URL is a claim too, whatever the PUT says or leaves generic.
    for (const sent of ['application/octet-stream', 'application/x-www-form-urlencoded', 'image/png']) {
      const { uploadUrl: url } = await uploadUrl(alice, 'scan', 'application/pdf');
      const response = await put(url, PNG, sent);
      expect([sent, response.status, response.body.errors?.[0]?.extensions.code]).toEqual([
        sent,
        415,
        'ATTACHMENT_TYPE_MISMATCH',
      ]);
    }
    expect(await refused('huge.png', Buffer.concat([PNG, randomBytes(MAX_BYTES)]))).toEqual([
      413,
      'ATTACHMENT_TOO_LARGE',
    ]);
    expect(await refused('empty.png', Buffer.alloc(0))).toEqual([400, 'ATTACHMENT_EMPTY']);
    expect(await storedFiles()).toEqual(before);
    expect(await partials()).toEqual([]);
    // A name that already says "program" is refused before any byte is sent.
    expect(codes(await h.gql(UPLOAD, { f: 'setup.exe' }, alice))).toEqual(['ATTACHMENT_TYPE_NOT_ALLOWED']);
    expect(codes(await h.gql(UPLOAD, { f: '../../etc/passwd' }, alice))).toEqual(['BAD_USER_INPUT']);
    // A type that is no media type at all is bad input, not a claim about the bytes.
    expect(codes(await h.gql(UPLOAD, { f: 'notes.txt', c: 'not a type' }, alice))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.gql(UPLOAD, { f: 'notes.txt', c: 'Text/Plain; charset=utf-8' }, alice))).toEqual([]);
    // So is a name its announced type contradicts.
    expect(codes(await h.gql(UPLOAD, { f: 'photo.png', c: 'application/pdf' }, alice))).toEqual([
      'ATTACHMENT_TYPE_MISMATCH',
    ]);
  });

  it('takes a legacy Office file by its name, as the bytes show only its container, and refuses the container under any other name', async () => {
    const slot = await uploadUrl(alice, 'minutes.doc', 'application/msword');
    const stored = await put(slot.uploadUrl, CFB, 'application/msword');
    expect([stored.status, stored.body.contentType]).toEqual([201, 'application/msword']);
    const file = await download(stored.body.id, alice);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/msword');
    expect(file.headers['content-disposition']).toContain('filename="minutes.doc"');
    expect(file.rawPayload.equals(CFB)).toBe(true);
    // No claim: the name alone says Word.
    expect((await upload(alice, 'MINUTES.DOC', CFB)).contentType).toBe('application/msword');

    const before = await storedFiles();
    const refused = async (fileName: string, declared?: string) => {
      const { uploadUrl: url } = await uploadUrl(alice, fileName);
      const response = await put(url, CFB, declared);
      return [response.status, response.body.errors?.[0]?.extensions.code];
    };
    expect(await refused('minutes.png')).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    expect(await refused('minutes')).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    expect(await refused('minutes.png', 'application/msword')).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    expect(await refused('minutes.doc', 'application/vnd.ms-excel')).toEqual([415, 'ATTACHMENT_TYPE_MISMATCH']);
    expect(await storedFiles()).toEqual(before);
    expect(await partials()).toEqual([]);
    // This deployment lists Word only: a spreadsheet is refused by its name, before any byte.
    expect(codes(await h.gql(UPLOAD, { f: 'budget.xls' }, alice))).toEqual(['ATTACHMENT_TYPE_NOT_ALLOWED']);
  });

  it('refuses installers and shell scraps claimed as Office files, and any name its content does not carry', async () => {
    const before = await storedFiles();
    const post = async (fileName: string, bytes: Buffer, declared: string) => {
      const response = await h.app.inject({
        method: 'POST',
        url: `/attachments?fileName=${encodeURIComponent(fileName)}`,
        headers: { 'content-type': declared, authorization: `Bearer ${alice}` },
        payload: bytes,
      });
      const body = JSON.parse(response.body) as { errors?: { extensions: { code: string } }[] };
      return [fileName, response.statusCode, body.errors?.[0]?.extensions.code];
    };
    // A patch, a transform and a shell scrap are CFB files, as Word's are: their name says what
    // a desktop does with them, and no claim makes them Word.
    for (const [fileName, claim] of [
      ['Invoice-update.msp', 'application/msword'],
      ['Invoice-update.mst', 'application/vnd.ms-excel'],
      ['Invoice-update.shs', 'application/vnd.ms-excel'],
    ] as const) {
      expect(codes(await h.gql(UPLOAD, { f: fileName, c: claim }, alice))).toEqual(['ATTACHMENT_TYPE_NOT_ALLOWED']);
      expect(await post(fileName, CFB, claim)).toEqual([fileName, 415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    }
    // A name the engine does not know: the content decides, and a container is no Word file.
    const { uploadUrl: url } = await uploadUrl(alice, 'Invoice-update.mso', 'application/msword');
    const container = await put(url, CFB, 'application/msword');
    expect([container.status, container.body.errors?.[0]?.extensions.code]).toEqual([
      415,
      'ATTACHMENT_TYPE_NOT_ALLOWED',
    ]);
    expect(await post('quarterly', CFB, 'application/msword')).toEqual([
      'quarterly',
      415,
      'ATTACHMENT_TYPE_NOT_ALLOWED',
    ]);
    // Allowed content under an extension it does not carry.
    expect(await post('capture.shot', PNG, 'image/png')).toEqual(['capture.shot', 415, 'ATTACHMENT_TYPE_MISMATCH']);
    expect(await post('notes.xyz', Buffer.from('plain words\n'), 'text/plain')).toEqual([
      'notes.xyz',
      415,
      'ATTACHMENT_TYPE_MISMATCH',
    ]);
    expect(await storedFiles()).toEqual(before);
    expect(await partials()).toEqual([]);
    // Text keeps its usual names.
    expect((await upload(alice, 'README.md', Buffer.from('# Steps\n'))).contentType).toBe('text/plain');
  });

  it('takes curl’s default type (form-urlencoded) as no claim, and refuses a missing name or an unstorable id as bad input', async () => {
    const curlDefault = 'application/x-www-form-urlencoded';
    const { uploadUrl: url } = await uploadUrl(alice, 'export-error.png');
    const viaUrl = await put(url, PNG, curlDefault);
    expect([viaUrl.status, viaUrl.body.contentType]).toEqual([201, 'image/png']);
    const now = (query: string) =>
      h.app.inject({
        method: 'POST',
        url: `/attachments${query}`,
        headers: { 'content-type': curlDefault, authorization: `Bearer ${alice}` },
        payload: PNG,
      });
    const stored = await now('?fileName=export-error.png');
    expect([stored.statusCode, (JSON.parse(stored.body) as Stored).contentType]).toEqual([201, 'image/png']);
    const nameless = await now('');
    expect(nameless.statusCode).toBe(400);
    expect(JSON.parse(nameless.body)).toMatchObject({
      errors: [{ message: expect.stringContaining('fileName'), extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const nul = await download('a%00b', alice);
    expect([
      nul.statusCode,
      (JSON.parse(nul.body) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ]).toEqual([400, 'BAD_USER_INPUT']);
  });

  it('refuses a file that grows past the limit while streaming, even without a declared length', async () => {
    const { uploadUrl: url } = await uploadUrl(alice, 'stream.png');
    const { Readable } = await import('node:stream');
    const chunks = [PNG, ...Array.from({ length: 10 }, () => randomBytes(16 * 1024))];
    const response = await h.app.inject({ method: 'PUT', url, payload: Readable.from(chunks) });
    expect(response.statusCode).toBe(413);
    expect(await partials()).toEqual([]);
    // A refused upload leaves its URL usable for a better file until it expires.
    expect((await put(url, PNG)).status).toBe(201);
  });

  it('stores a file once when two requests race on one upload URL', async () => {
    const before = await storedFiles();
    const { uploadUrl: url } = await uploadUrl(alice, 'race.png');
    const bytes = Buffer.concat([PNG, randomBytes(40_000)]);
    const answers = await Promise.all([put(url, bytes), put(url, bytes), put(url, bytes)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 404, 404]);
    expect((await storedFiles()).length).toBe(before.length + 1);
    expect(await partials()).toEqual([]);
  });

  it('answers any bytes under any name with a stored, admitted file or a typed refusal that stores nothing', async () => {
    const signatures = [PNG, SAMPLE_PDF, EXE, Buffer.from('plain words\n'), Buffer.from([0, 1, 2, 3]), Buffer.alloc(0)];
    const names = ['a.png', 'b.pdf', 'c.txt', 'd.exe', 'e', 'f.csv', 'g.PNG', 'h.jpeg'];
    const claims = [undefined, 'image/png', 'application/pdf', 'text/plain', 'application/octet-stream'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...signatures),
        fc.uint8Array({ maxLength: 2_000 }),
        fc.constantFrom(...names),
        fc.constantFrom(...claims),
        async (head, tail, fileName, claim) => {
          const bytes = head.length === 0 ? Buffer.alloc(0) : Buffer.concat([head, Buffer.from(tail)]);
          const slot = await h.gql(UPLOAD, { f: fileName }, alice);
          if (codes(slot).length > 0) {
            expect(codes(slot)).toEqual(['ATTACHMENT_TYPE_NOT_ALLOWED']);
            return;
          }
          const url = field<{ uploadUrl: string }>(slot, 'createAttachmentUpload').uploadUrl;
          const before = await storedFiles();
          const answer = await put(url, bytes, claim);
          if (answer.status === 201) {
            expect(['image/png', 'application/pdf', 'text/plain']).toContain(answer.body.contentType);
            expect(answer.body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
            expect((await storedFiles()).length).toBe(before.length + 1);
          } else {
            expect([400, 413, 415]).toContain(answer.status);
            expect(answer.body.errors?.[0]?.extensions.code).toMatch(/^ATTACHMENT_/);
            expect(await storedFiles()).toEqual(before);
          }
          expect(await partials()).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes a file in one request with the caller’s token, refusing what the URL route refuses', async () => {
    const post = (fileName: string, bytes: Buffer, token?: string) =>
      h.app.inject({
        method: 'POST',
        url: `/attachments?fileName=${encodeURIComponent(fileName)}`,
        headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        payload: bytes,
      });
    const stored = await post('direct.png', PNG, alice);
    expect(stored.statusCode).toBe(201);
    const file = JSON.parse(stored.body) as Stored;
    expect(file).toMatchObject({ fileName: 'direct.png', contentType: 'image/png', size: PNG.length });
    expect((await download(file.id, alice)).rawPayload.equals(PNG)).toBe(true);
    // Stored, as through an upload URL.
    const { rows: record } = await sql<{ status: string; sha256: string }>`
      select status, sha256 from attachments where attachment_id = ${file.id}`.execute(h.db);
    expect(record).toEqual([{ status: 'stored', sha256: file.sha256 }]);
    const rows = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from attachments`.execute(h.db)).rows[0]!.n);
    const before = { rows: await rows(), files: await storedFiles() };
    expect((await post('direct.png', PNG)).statusCode).toBe(401);
    expect((await post('direct.png', PNG, await h.token('auditor', 'aud-1'))).statusCode).toBe(403);
    expect((await post('direct.pdf', PNG, alice)).statusCode).toBe(415);
    expect((await post('huge.png', Buffer.concat([PNG, randomBytes(MAX_BYTES)]), alice)).statusCode).toBe(413);
    expect((await post('setup.exe', EXE, alice)).statusCode).toBe(415);
    expect({ rows: await rows(), files: await storedFiles() }).toEqual(before);
    expect(await partials()).toEqual([]);
  });

  it('refuses an expired or unknown upload URL', async () => {
    const { uploadUrl: url } = await uploadUrl(alice, 'late.png');
    const now = h.clock.now;
    h.clock.now = new Date(now.getTime() + 2 * 3_600_000);
    try {
      expect((await put(url, PNG)).status).toBe(404);
    } finally {
      h.clock.now = now;
    }
    expect((await put('/attachments/uploads/not-a-real-secret', PNG)).status).toBe(404);
  });

  it('hands out upload URLs without writing anything, and refuses one altered or signed with another key', async () => {
    const rows = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from attachments`.execute(h.db)).rows[0]!.n);
    const before = { rows: await rows(), files: await storedFiles() };
    const mine = await uploadUrl(alice, 'mine.png');
    const theirs = await uploadUrl(bob, 'theirs.png');
    expect(await rows()).toBe(before.rows);
    const [myGrant, mySignature] = mine.uploadUrl.split('.') as [string, string];
    const [theirGrant] = theirs.uploadUrl.split('.') as [string, string];
    // Bob's grant under Alice's signature, and a grant the API never signed.
    expect((await put(`${theirGrant}.${mySignature}`, PNG)).status).toBe(404);
    const forged = signUploadGrant(
      {
        attachmentId: randomUUID(),
        uploader: { id: ALICE, role: 'customer' },
        fileName: 'x.png',
        declaredType: null,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
      randomBytes(32),
    );
    expect((await put(`/attachments/uploads/${forged}`, PNG)).status).toBe(404);
    expect({ rows: await rows(), files: await storedFiles() }).toEqual(before);
    expect((await put(`${myGrant}.${mySignature}`, PNG)).status).toBe(201);
    // Every API process on the database signs with the same key (made once).
    const db = h.db.withTables<{ attachments: AttachmentsTable }>();
    expect(await migrateAttachments(db)).toEqual(await migrateAttachments(db));
  });

  it('brings a record from before signed URLs up to date at start: unused URLs and their hashes go, stored files stay', async () => {
    const db = h.db.withTables<{ attachments: AttachmentsTable }>();
    const kept = await upload(alice, 'kept-across.png', PNG);
    // The record as the API left it when it kept each URL's hash and a pending row per URL.
    await sql`alter table attachments drop constraint attachments_status_check,
      add constraint attachments_status_check check (status in ('pending', 'uploading', 'stored')),
      add column upload_token_hash text unique, add column claimed_at timestamptz`.execute(h.db);
    await sql`insert into attachments (attachment_id, upload_token_hash, uploader_id, uploader_role, file_name, status,
      created_at, expires_at) values ('old-pending', 'hash', ${ALICE}, 'customer', 'old.png', 'pending', now(), now())`.execute(
      h.db,
    );
    await migrateAttachments(db);
    const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = 'attachments'`.execute(h.db);
    expect(columns.rows.map((row) => row.column_name)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(upload_token_hash|claimed_at)$/)]),
    );
    const statuses = await sql<{ attachment_id: string }>`select attachment_id from attachments
      where attachment_id in ('old-pending', ${kept.id})`.execute(h.db);
    expect(statuses.rows.map((row) => row.attachment_id)).toEqual([kept.id]);
    expect((await download(kept.id, alice)).statusCode).toBe(200);
    // Uploads go on as before.
    expect((await upload(alice, 'after.png', PNG)).contentType).toBe('image/png');
  });

  it('counts one claim for each file attached before claims were kept, so no refusal can free it', async () => {
    const attached = await upload(alice, 'attached-before.png', PNG);
    await openTicket(alice, ALICE, [attached.id]);
    const loose = await upload(alice, 'loose-before.png', PNG);
    await sql`alter table attachments drop column claims`.execute(h.db);
    await migrateAttachments(h.db.withTables<{ attachments: AttachmentsTable }>());
    const claims = await sql<{ attachment_id: string; claims: number }>`select attachment_id, claims from attachments
      where attachment_id in (${attached.id}, ${loose.id})`.execute(h.db);
    expect(Object.fromEntries(claims.rows.map((row) => [row.attachment_id, row.claims]))).toEqual({
      [attached.id]: 1,
      [loose.id]: 0,
    });
  });
});

describe('files on messages', () => {
  it('shows a customer their files and the public ones, never an internal note’s or another customer’s', async () => {
    const screenshot = await upload(alice, 'screenshot.png', PNG);
    const opened = await openTicket(alice, ALICE, [screenshot.id]);
    const agentFile = await upload(agent, 'fix.pdf', SAMPLE_PDF);
    const noteFile = await upload(agent, 'internal-trace.txt', Buffer.from('stack trace\n'));
    const reply = await h.gql(
      'mutation($t: ID!, $a: [ID!]) { replyToTicket(input: { ticketId: $t, body: "Here is the fix", attachmentIds: $a }) { consistencyToken } }',
      { t: opened.id, a: [agentFile.id] },
      agent,
    );
    expect(codes(reply)).toEqual([]);
    const note = await h.gql(
      'mutation($t: ID!, $a: [ID!]) { replyToTicket(input: { ticketId: $t, body: "Trace", visibility: internal, attachmentIds: $a }) { consistencyToken } }',
      { t: opened.id, a: [noteFile.id] },
      agent,
    );
    const token = field<{ consistencyToken: string }>(note, 'replyToTicket').consistencyToken;

    const staffView = field<{ messages: { attachments: Stored[] }[] }>(
      await h.gql(MESSAGES, { id: opened.id, t: token }, agent),
      'ticket',
    );
    expect(staffView.messages.map((m) => m.attachments.map((a) => a.fileName))).toEqual([
      ['screenshot.png'],
      ['fix.pdf'],
      ['internal-trace.txt'],
    ]);
    expect(staffView.messages[0]!.attachments[0]).toEqual(screenshot);
    const customerView = field<{ messages: { attachments: Stored[] }[] }>(
      await h.gql(MESSAGES, { id: opened.id, t: token }, alice),
      'ticket',
    );
    expect(customerView.messages.flatMap((m) => m.attachments.map((a) => a.id))).toEqual([screenshot.id, agentFile.id]);

    // Downloads stream the bytes to whoever may read the message, with the recorded digest.
    const fix = await download(agentFile.id, alice);
    expect(fix.statusCode).toBe(200);
    expect(fix.rawPayload.equals(SAMPLE_PDF)).toBe(true);
    expect(fix.headers['content-type']).toBe('application/pdf');
    expect(fix.headers['content-disposition']).toContain('filename="fix.pdf"');
    expect(fix.headers.etag).toBe(`"${agentFile.sha256}"`);
    expect(fix.headers['x-content-type-options']).toBe('nosniff');
    expect((await download(screenshot.id, agent)).rawPayload.equals(PNG)).toBe(true);
    expect((await download(noteFile.id, agent)).statusCode).toBe(200);

    // The customer is refused the internal note's file; another customer is refused everything.
    expect((await download(noteFile.id, alice)).statusCode).toBe(404);
    const hidden = await h.gql('query($id: ID!) { attachment(id: $id) { id } }', { id: noteFile.id }, alice);
    expect(hidden.data?.attachment).toBeNull();
    for (const id of [screenshot.id, agentFile.id, noteFile.id]) {
      const refused = await download(id, bob);
      expect(refused.statusCode).toBe(404);
      expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('NOT_FOUND');
      const asked = await h.gql('query($id: ID!) { attachment(id: $id) { id } }', { id }, bob);
      expect(asked.data?.attachment).toBeNull();
    }
    expect((await download(screenshot.id)).statusCode).toBe(401);
    const own = await h.gql('query($id: ID!) { attachment(id: $id) { id sha256 } }', { id: screenshot.id }, alice);
    expect(own.data?.attachment).toEqual({ id: screenshot.id, sha256: screenshot.sha256 });

    // The event records the file with its digest, so the hash chain covers it.
    const history = await h.gql(
      'query($id: ID!) { ticketHistory(ticketId: $id) { type data } }',
      { id: opened.id },
      agent,
    );
    const events = field<{ type: string; data: { attachments?: unknown[] } }[]>(history, 'ticketHistory');
    expect(events.find((e) => e.type === 'TicketOpened')?.data.attachments).toEqual([
      {
        attachmentId: screenshot.id,
        fileName: 'screenshot.png',
        contentType: 'image/png',
        size: PNG.length,
        sha256: screenshot.sha256,
      },
    ]);
  });

  it('attaches only stored uploads of the caller, and writes nothing otherwise', async () => {
    const bobsFile = await upload(bob, 'bob.png', PNG);
    const { attachmentId: pending } = await uploadUrl(alice, 'never-sent.png');
    const before = await h.eventCount();
    for (const ids of [[bobsFile.id], [pending], ['no-such-file']]) {
      const refused = await h.gql(
        'mutation($c: ID!, $a: [ID!]) { openTicket(input: { customerId: $c, subject: "x", description: "y", channel: web, attachmentIds: $a }) { id } }',
        { c: ALICE, a: ids },
        alice,
      );
      expect(codes(refused)).toEqual(['ATTACHMENT_NOT_FOUND']);
    }
    const tooMany = await h.gql(
      'mutation($c: ID!, $a: [ID!]) { openTicket(input: { customerId: $c, subject: "x", description: "y", channel: web, attachmentIds: $a }) { id } }',
      { c: ALICE, a: Array.from({ length: 11 }, (_, i) => `f${i}`) },
      alice,
    );
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
    // A file named twice is a slip, refused rather than merged.
    const mine = await upload(alice, 'twice.png', PNG);
    const twice = await h.gql(
      'mutation($c: ID!, $a: [ID!]) { openTicket(input: { customerId: $c, subject: "x", description: "y", channel: web, attachmentIds: $a }) { id } }',
      { c: ALICE, a: [mine.id, mine.id] },
      alice,
    );
    expect(codes(twice)).toEqual(['BAD_USER_INPUT']);
    expect(twice.errors?.[0]?.extensions?.issues).toEqual([
      { path: 'input.attachmentIds', message: 'each file is named once' },
    ]);
    expect(await h.eventCount()).toBe(before);
  });

  const REPLY =
    'mutation($t: ID!, $a: [ID!]) { replyToTicket(input: { ticketId: $t, body: "Logs", attachmentIds: $a }) { consistencyToken } }';
  /** A ticket open for replies, and one closed (as spam), where any reply is refused. */
  const openAndClosed = async () => {
    const open = await openTicket(alice, ALICE);
    const closed = await openTicket(alice, ALICE);
    const spam = 'mutation($t: ID!) { closeTicketAsSpam(input: { ticketId: $t }) { id } }';
    expect(codes(await h.gql(spam, { t: closed.id }, agent))).toEqual([]);
    return { open, closed };
  };

  it('gives a refused message’s files back to the sweep, and keeps those a recorded message names', async () => {
    const { open, closed } = await openAndClosed();
    const refused = await upload(agent, 'refused.png', PNG);
    const named = await upload(agent, 'named.png', PNG);
    expect(codes(await h.gql(REPLY, { t: open.id, a: [named.id] }, agent))).toEqual([]);
    const before = await h.eventCount();
    // Refused by the domain (no reply on a closed ticket), and for naming a file that is not there.
    expect(codes(await h.gql(REPLY, { t: closed.id, a: [refused.id, named.id] }, agent))).toEqual([
      'INVALID_TRANSITION',
    ]);
    expect(codes(await h.gql(REPLY, { t: open.id, a: [refused.id, 'no-such-file'] }, agent))).toEqual([
      'ATTACHMENT_NOT_FOUND',
    ]);
    expect(await h.eventCount()).toBe(before);
    expect(await attachedAt(refused.id)).toBeNull();
    expect(await attachedAt(named.id)).not.toBeNull();
    // Given back, it is the caller's to name again.
    expect(codes(await h.gql(REPLY, { t: open.id, a: [refused.id] }, agent))).toEqual([]);
    expect(await attachedAt(refused.id)).not.toBeNull();
  });

  it('keeps a file attached when a refused message and a recorded one name it at once', async () => {
    const { open, closed } = await openAndClosed();
    for (let round = 0; round < 5; round++) {
      const file = await upload(agent, `raced-${round}.png`, PNG);
      const answers = await Promise.all([
        h.gql(REPLY, { t: closed.id, a: [file.id] }, agent),
        h.gql(REPLY, { t: open.id, a: [file.id] }, agent),
        h.gql(REPLY, { t: closed.id, a: [file.id] }, agent),
      ]);
      expect(answers.map(codes)).toEqual([['INVALID_TRANSITION'], [], ['INVALID_TRANSITION']]);
      expect(await attachedAt(file.id), `round ${round}`).not.toBeNull();
    }
  });

  it('takes a message that only sends files, and refuses one with neither words nor files', async () => {
    const opened = await openTicket(alice, ALICE);
    const shot = await upload(alice, 'only-a-screenshot.png', PNG);
    const reply = await h.gql(
      'mutation($t: ID!, $a: [ID!]) { customerReply(input: { ticketId: $t, attachmentIds: $a }) { consistencyToken } }',
      { t: opened.id, a: [shot.id] },
      alice,
    );
    const token = field<{ consistencyToken: string }>(reply, 'customerReply').consistencyToken;
    const view = field<{ messages: { body: string; attachments: Stored[] }[] }>(
      await h.gql(MESSAGES, { id: opened.id, t: token }, agent),
      'ticket',
    );
    expect(view.messages.at(-1)).toMatchObject({ body: '', attachments: [{ id: shot.id }] });
    const before = await h.eventCount();
    for (const [mutation, input] of [
      ['customerReply', `{ ticketId: "${opened.id}" }`],
      ['customerReply', `{ ticketId: "${opened.id}", body: "   ", attachmentIds: [] }`],
      ['replyToTicket', `{ ticketId: "${opened.id}", body: "" }`],
    ] as const) {
      const refused = await h.gql(
        `mutation { ${mutation}(input: ${input}) { id } }`,
        {},
        mutation === 'customerReply' ? alice : agent,
      );
      expect(codes(refused), mutation).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors?.[0]?.message).toMatch(/words or at least one file/);
    }
    expect(await h.eventCount()).toBe(before);

    const chatShot = await upload(alice, 'chat-shot.png', PNG);
    const started = await h.gql(
      'mutation($c: ID!, $a: [ID!]) { startChat(input: { customerId: $c, firstMessage: { attachmentIds: $a } }) { id } }',
      { c: ALICE, a: [chatShot.id] },
      alice,
    );
    const chatId = field<{ id: string }>(started, 'startChat').id;
    const empty = await h.gql(`mutation { sendChatMessage(input: { chatId: "${chatId}" }) { id } }`, {}, alice);
    expect(codes(empty)).toEqual(['BAD_USER_INPUT']);
    // Converted to a ticket, the line that only sent a file keeps it.
    const converted = field<{ ticketId: string; consistencyToken: string }>(
      await h.gql(
        'mutation($c: ID!) { convertChatToTicket(input: { chatId: $c }) { ticketId consistencyToken } }',
        { c: chatId },
        await h.token('supervisor', 'sup-only-files'),
      ),
      'convertChatToTicket',
    );
    const ticket = field<{ messages: { body: string; attachments: { id: string }[] }[] }>(
      await h.gql(MESSAGES, { id: converted.ticketId, t: converted.consistencyToken }, agent),
      'ticket',
    );
    expect(ticket.messages.flatMap((m) => m.attachments.map((a) => a.id))).toContain(chatShot.id);
  });

  it('carries files on chat messages, hidden from the customer on internal ones', async () => {
    const first = await upload(alice, 'error.png', PNG);
    const started = await h.gql(
      'mutation($c: ID!, $a: [ID!]) { startChat(input: { customerId: $c, firstMessage: { body: "Look", attachmentIds: $a } }) { id } }',
      { c: ALICE, a: [first.id] },
      alice,
    );
    const chatId = field<{ id: string }>(started, 'startChat').id;
    const note = await upload(agent, 'note.txt', Buffer.from('customer seems confused\n'));
    const sent = await h.gql(
      'mutation($c: ID!, $a: [ID!]) { sendChatMessage(input: { chatId: $c, body: "note", internal: true, attachmentIds: $a }) { consistencyToken } }',
      { c: chatId, a: [note.id] },
      agent,
    );
    const token = field<{ consistencyToken: string }>(sent, 'sendChatMessage').consistencyToken;
    const read = async (as: string) =>
      field<{ messages: { attachments: { id: string }[] }[] }>(
        await h.gql(
          'query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { messages { attachments { id } } } }',
          { id: chatId, t: token },
          as,
        ),
        'chat',
      );
    expect((await read(agent)).messages.map((m) => m.attachments.map((a) => a.id))).toEqual([[first.id], [note.id]]);
    expect((await read(alice)).messages.map((m) => m.attachments.map((a) => a.id))).toEqual([[first.id]]);
    expect((await download(note.id, alice)).statusCode).toBe(404);
    expect((await download(first.id, agent)).statusCode).toBe(200);

    // Converted to a ticket, the chat's public files follow its lines; the note's stays behind.
    const supervisor = await h.token('supervisor', 'sup-files');
    const converted = field<{ ticketId: string; consistencyToken: string }>(
      await h.gql(
        'mutation($c: ID!) { convertChatToTicket(input: { chatId: $c }) { ticketId consistencyToken } }',
        { c: chatId },
        supervisor,
      ),
      'convertChatToTicket',
    );
    const onTicket = async (as: string) =>
      field<{ messages: { body: string; attachments: Stored[] }[] }>(
        await h.gql(MESSAGES, { id: converted.ticketId, t: converted.consistencyToken }, as),
        'ticket',
      ).messages;
    for (const as of [agent, alice]) {
      const lines = (await onTicket(as)).filter((message) => message.attachments.length > 0);
      expect(lines.map((line) => [line.body, line.attachments.map((file) => file.id)])).toEqual([['Look', [first.id]]]);
      expect(lines[0]!.attachments[0]).toMatchObject({ fileName: 'error.png', sha256: first.sha256 });
    }
    expect((await download(first.id, alice)).rawPayload.equals(PNG)).toBe(true);
    expect((await download(note.id, alice)).statusCode).toBe(404);
  });
});

describe('files told by a live update', () => {
  it('lets staff open a file a chat update told of at once: its URL waits for the read models to hold the message', async () => {
    const started = field<{ id: string; consistencyToken: string }>(
      await h.gql(
        'mutation($c: ID!) { startChat(input: { customerId: $c }) { id consistencyToken } }',
        { c: ALICE },
        alice,
      ),
      'startChat',
    );
    const reader = await h.token('supervisor', 'sup-live-files');
    await h.gql(
      'query($t: String) { chatQueue(consistencyToken: $t) { chatId } }',
      { t: started.consistencyToken },
      reader,
    );
    const updates = await subscribe(
      await listen(h.app),
      'subscription($c: ID!) { chatUpdated(chatId: $c) { message { attachments { id url } } } }',
      { c: started.id },
      reader,
    );
    const file = await upload(alice, 'live.png', PNG);
    // Writers to the chats read model wait behind this lock; readers do not.
    const opening = await h.db.connection().execute(async (connection) => {
      await sql`begin`.execute(connection);
      try {
        await sql`lock table chat_messages in share mode`.execute(connection);
        const sent = await h.gql(
          'mutation($c: ID!, $a: [ID!]) { sendChatMessage(input: { chatId: $c, body: "Here", attachmentIds: $a }) { id } }',
          { c: started.id, a: [file.id] },
          alice,
        );
        expect(sent.errors).toBeUndefined();
        let told: { attachments: Stored[] } | null = null;
        while (told === null)
          told = ((await updates.next()).data!.chatUpdated as { message: { attachments: Stored[] } | null }).message;
        const url = told.attachments[0]!.url;
        expect(url).toMatch(new RegExp(`^/attachments/${file.id}\\?consistencyToken=`));
        // Without the token, the read model that says staff may read it does not hold the message yet.
        expect((await download(file.id, reader)).statusCode).toBe(404);
        return h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${reader}` } });
      } finally {
        await sql`commit`.execute(connection);
      }
    });
    const opened = await opening;
    expect(opened.statusCode).toBe(200);
    expect(opened.rawPayload.equals(PNG)).toBe(true);
    expect((await download(file.id, reader)).statusCode).toBe(200);
    await updates.close();
  });

  it('refuses a made-up consistency token as bad input', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/attachments/anything?consistencyToken=not-a-token',
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('files on articles', () => {
  const mutate = async (mutation: string, input: Record<string, unknown>, token: string) =>
    h.gql(
      `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { id consistencyToken } }`,
      { input },
      token,
    );
  const run = async (mutation: string, input: Record<string, unknown>, token: string) =>
    field<{ id: string; consistencyToken: string }>(await mutate(mutation, input, token), mutation);
  const filesOf = async (articleId: string, as: string, t?: string) => {
    const response = await h.gql(
      'query($id: ID!, $t: String) { article(id: $id, consistencyToken: $t) { attachments { attachmentId fileName contentType sizeBytes id size sha256 url } } }',
      { id: articleId, t },
      as,
    );
    expect(codes(response)).toEqual([]);
    return (response.data?.article as { attachments: { attachmentId: string }[] } | null)?.attachments;
  };

  it('lets whoever reads the version carrying a file download it: customers published versions, staff drafts too', async () => {
    const writer = await h.token('agent', 'agent-kb-writer');
    const colleague = await h.token('agent', 'agent-kb-colleague');
    const lead = await h.token('supervisor', 'lead-kb-files');
    const text = Buffer.from('How to change your email: step by step.\n');
    const guide = await upload(writer, 'guide.txt', text);
    const created = await run(
      'createArticleDraft',
      {
        articleId: 'kb-files',
        locale: 'en',
        title: 'Change your email',
        slug: 'change-email',
        body: 'See the guide.',
        attachmentIds: [guide.id],
      },
      writer,
    );
    // The recorded file, as the store has it: the client described nothing. It reads as a
    // message's file does (id, size, url), and its digest is in the event, under the hash chain.
    const sha256 = createHash('sha256').update(text).digest('hex');
    const recorded = {
      attachmentId: guide.id,
      fileName: 'guide.txt',
      contentType: 'text/plain',
      sizeBytes: text.length,
      id: guide.id,
      size: text.length,
      sha256,
      url: `/attachments/${guide.id}`,
    };
    expect(await filesOf('kb-files', colleague, created.consistencyToken)).toEqual([recorded]);
    const [drafted] = await h.store.readStream('article-kb-files');
    expect(drafted?.data).toMatchObject({
      content: { attachments: [{ attachmentId: guide.id, sizeBytes: text.length, sha256 }] },
    });
    expect(await attachedAt(guide.id)).not.toBeNull();
    expect((await download(guide.id, colleague)).statusCode).toBe(200);
    expect((await download(guide.id, alice)).statusCode).toBe(404);

    await run('submitArticleForReview', { articleId: 'kb-files' }, writer);
    const approved = await run('approveArticle', { articleId: 'kb-files' }, lead);
    expect(await filesOf('kb-files', alice, approved.consistencyToken)).toEqual([recorded]);
    for (const reader of [alice, bob, colleague, lead]) {
      const response = await download(guide.id, reader);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(text.toString());
    }
    expect(
      field(await h.gql('query($id: ID!) { attachment(id: $id) { fileName } }', { id: guide.id }, alice), 'attachment'),
    ).toEqual({
      fileName: 'guide.txt',
    });

    // A colleague's revision keeps the writer's file and adds one of their own: a draft's file
    // is for staff until it is published.
    await run('startArticleRevision', { articleId: 'kb-files' }, colleague);
    const screenshot = await upload(colleague, 'screen.png', PNG);
    const edited = await run(
      'editArticleDraft',
      { articleId: 'kb-files', attachmentIds: [screenshot.id, guide.id] },
      colleague,
    );
    expect((await filesOf('kb-files', writer, edited.consistencyToken))?.map((f) => f.attachmentId)).toEqual([
      screenshot.id,
      guide.id,
    ]);
    expect((await download(screenshot.id, writer)).statusCode).toBe(200);
    expect((await download(screenshot.id, alice)).statusCode).toBe(404);
    expect((await download(guide.id, alice)).statusCode).toBe(200);

    // Archived, the article is no customer's to read, nor are its files.
    const archived = await run('archiveArticle', { articleId: 'kb-files' }, lead);
    expect(await filesOf('kb-files', alice, archived.consistencyToken)).toBeUndefined();
    expect((await download(guide.id, alice)).statusCode).toBe(404);
    expect((await download(guide.id, writer)).statusCode).toBe(200);
  });

  it('names only stored uploads of the caller, and writes nothing otherwise', async () => {
    const writer = await h.token('agent', 'agent-kb-writer');
    const othersFile = await upload(agent, 'other.png', PNG);
    const customersFile = await upload(alice, 'alice.png', PNG);
    const { attachmentId: pending } = await uploadUrl(writer, 'never-sent.png');
    const before = await h.eventCount();
    for (const ids of [[othersFile.id], [customersFile.id], [pending], ['no-such-file']]) {
      const input = { articleId: 'kb-refused', locale: 'en', title: 'Refused', slug: 'refused', attachmentIds: ids };
      expect(codes(await mutate('createArticleDraft', input, writer))).toEqual(['ATTACHMENT_NOT_FOUND']);
    }
    // Clients no longer describe files themselves.
    const described = {
      articleId: 'kb-refused',
      locale: 'en',
      title: 'Refused',
      slug: 'refused',
      attachments: [{ attachmentId: 'made-up', fileName: 'evil.html', contentType: 'text/html', sizeBytes: 1 }],
    };
    expect(codes(await mutate('createArticleDraft', described, writer))).not.toEqual([]);
    expect(await h.eventCount()).toBe(before);
    expect(await attachedAt(othersFile.id)).toBeNull();
  });
});

it('sweeps files no message named after three days, and never one a message carries', async () => {
  const storage = await createLocalAttachmentStorage(dir);
  const service = createAttachments({
    db: h.db.withTables<{ attachments: AttachmentsTable }>(),
    storage,
    limits: { maxBytes: MAX_BYTES, allowedTypes: ['image/png'] },
    quota: DEFAULT_ATTACHMENT_QUOTA,
    clock: () => h.clock.now,
    uploadTtlMs: 3_600_000,
    urlKey: randomBytes(32),
  });
  const kept = await upload(alice, 'kept.png', PNG);
  const opened = await openTicket(alice, ALICE, [kept.id]);
  // Downloads are authorized from the read model: wait until it carries the message.
  expect(codes(await h.gql(MESSAGES, { id: opened.id, t: opened.consistencyToken }, agent))).toEqual([]);
  const abandoned = await upload(alice, 'abandoned.png', PNG);
  expect(await service.sweep()).toBe(0);
  const now = h.clock.now;
  h.clock.now = new Date(now.getTime() + 4 * 24 * 3_600_000);
  try {
    expect(await service.sweep()).toBeGreaterThanOrEqual(1);
    expect(await storage.read(abandoned.id)).toBeNull();
    expect(await storage.read(kept.id)).not.toBeNull();
    expect((await download(kept.id, agent)).statusCode).toBe(200);
    // Once swept, it cannot be named by a message either.
    const late = await h.gql(
      'mutation($c: ID!, $a: [ID!]) { openTicket(input: { customerId: $c, subject: "x", description: "y", channel: web, attachmentIds: $a }) { id } }',
      { c: ALICE, a: [abandoned.id] },
      alice,
    );
    expect(codes(late)).toEqual(['ATTACHMENT_NOT_FOUND']);
  } finally {
    h.clock.now = now;
  }
});

it('answers ATTACHMENTS_NOT_CONFIGURED on a deployment without storage', async () => {
  const bare = await createApiHarness({ attachmentStorage: null });
  try {
    const token = await bare.token('customer', ALICE);
    expect(codes(await bare.gql(UPLOAD, { f: 'a.png' }, token))).toEqual(['ATTACHMENTS_NOT_CONFIGURED']);
  } finally {
    await bare.close();
  }
});
