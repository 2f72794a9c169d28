import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAttachmentStorage } from './attachments/local-storage.js';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// The quotas of unattached uploads: a caller, and the deployment, hold at most so many bytes of
// files no message names yet. Past either, an upload is refused before a byte is stored, and
// two uploads racing for the last room cannot both get it.

const KIB = 1024;
const FILE = 40 * KIB;
const PER_CALLER = 100 * KIB;
const PER_DEPLOYMENT = 200 * KIB;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const UPLOAD = 'mutation($f: String!) { createAttachmentUpload(input: { fileName: $f }) { uploadUrl } }';

let h: ApiHarness;
let dir: string;

/** A PNG of exactly {@link FILE} bytes. */
const file = () => Buffer.concat([PNG, randomBytes(FILE - PNG.length)]);

/** An upload URL for `customer`. */
async function uploadUrl(customer: string): Promise<string> {
  const token = await h.token('customer', customer);
  return field<{ uploadUrl: string }>(await h.gql(UPLOAD, { f: 'shot.png' }, token), 'createAttachmentUpload')
    .uploadUrl;
}

/** PUTs a file to an upload URL; answers the status, the refusal's code and the stored file's id. */
async function put(url: string) {
  const response = await h.app.inject({ method: 'PUT', url, payload: file() });
  return { status: response.statusCode, code: codeOf(response.body), id: idOf(response.body) };
}

/** Uploads a file through an upload URL as `customer`. */
const upload = async (customer: string) => put(await uploadUrl(customer));

/** Uploads a file in one request (`POST /attachments`) as `customer`. */
async function post(customer: string) {
  const response = await h.app.inject({
    method: 'POST',
    url: '/attachments?fileName=shot.png',
    headers: { authorization: `Bearer ${await h.token('customer', customer)}` },
    payload: file(),
  });
  return { status: response.statusCode, code: codeOf(response.body), id: idOf(response.body) };
}

const codeOf = (body: string) =>
  (JSON.parse(body) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code;
const idOf = (body: string) => (JSON.parse(body) as { id?: string }).id;

/** What is stored: files on disk and rows of the record. */
async function stored() {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter(
    (entry) => entry.isFile() && !entry.parentPath.includes('.partial'),
  ).length;
  const { rows } = await sql<{ n: string }>`select count(*) as n from attachments`.execute(h.db);
  return { files, rows: Number(rows[0]!.n) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'attachment-quota-int-'));
  h = await createApiHarness({
    config: {
      attachments: { maxBytes: 64 * KIB, allowedTypes: ['image/png'] },
      attachmentQuota: { perCallerBytes: PER_CALLER, perDeploymentBytes: PER_DEPLOYMENT },
    },
    attachmentStorage: await createLocalAttachmentStorage(dir),
  });
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('attachment quotas', () => {
  it('lets two concurrent uploads of one caller take the last room of their quota once, storing nothing for the other', async () => {
    expect((await upload('cust-ann')).status).toBe(201);
    const before = await stored();
    // 40 KiB held, 100 KiB allowed: room for one more 40 KiB file, not two.
    const urls = [await uploadUrl('cust-ann'), await uploadUrl('cust-ann')];
    const racing = await Promise.all(urls.map(put));
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 413]);
    expect(racing.map((answer) => answer.code ?? null).sort()).toEqual(['ATTACHMENT_QUOTA_EXCEEDED', null]);
    expect(await stored()).toEqual({ files: before.files + 1, rows: before.rows + 1 });
    // Refused before a byte is stored, through either route.
    for (const send of [upload, post])
      expect(await send('cust-ann')).toMatchObject({ status: 413, code: 'ATTACHMENT_QUOTA_EXCEEDED' });
    expect(await stored()).toEqual({ files: before.files + 1, rows: before.rows + 1 });
  });

  it('frees a caller’s room once a message names their file', async () => {
    const token = await h.token('customer', 'cust-bea');
    const first = await upload('cust-bea');
    expect((await upload('cust-bea')).status).toBe(201);
    expect((await upload('cust-bea')).code).toBe('ATTACHMENT_QUOTA_EXCEEDED');
    const opened = await h.gql(
      'mutation($a: [ID!]) { openTicket(input: { customerId: "cust-bea", subject: "Broken", description: "See the screenshot", channel: web, attachmentIds: $a }) { id } }',
      { a: [first.id] },
      token,
    );
    expect(codes(opened)).toEqual([]);
    expect((await upload('cust-bea')).status).toBe(201);
  });

  it('holds every caller together to the deployment’s quota, one of two racing uploads taking its last room', async () => {
    // Held: ann 80 KiB, bea 80 KiB (one of her three files is on a message): 160 of 200 KiB.
    const urls = [await uploadUrl('cust-cid'), await uploadUrl('cust-dee')];
    const racing = await Promise.all(urls.map(put));
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 413]);
    const refused = racing.find((answer) => answer.status === 413)!;
    expect(refused.code).toBe('ATTACHMENT_QUOTA_EXCEEDED');
    expect((await upload('cust-eve')).code).toBe('ATTACHMENT_QUOTA_EXCEEDED');
  });
});
