import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAttachmentStorage } from './attachments/local-storage.js';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// A full attachment disk: the folder is a tmpfs of 256 KiB (mounting one needs root, which the
// project's machines and CI have), filled by a file of the operator's until the kernel answers
// ENOSPC. An upload is then refused with ATTACHMENT_STORAGE_FULL (507), leaving neither a file,
// a partial file nor a row; once the room is freed, the same upload goes through.

const KIB = 1024;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const UPLOAD = 'mutation($f: String!) { createAttachmentUpload(input: { fileName: $f }) { uploadUrl } }';

let h: ApiHarness;
let dir: string;
let mounted = false;
const filler = () => join(dir, 'filler');

/** PUTs a 40 KiB PNG to a fresh upload URL of a customer; answers the status and the refusal's code. */
async function upload() {
  const token = await h.token('customer', 'cust-full');
  const { uploadUrl } = field<{ uploadUrl: string }>(
    await h.gql(UPLOAD, { f: 'shot.png' }, token),
    'createAttachmentUpload',
  );
  const response = await h.app.inject({
    method: 'PUT',
    url: uploadUrl,
    payload: Buffer.concat([PNG, randomBytes(40 * KIB - PNG.length)]),
  });
  const body = JSON.parse(response.body) as { errors?: { extensions: { code: string } }[] };
  return { status: response.statusCode, code: body.errors?.[0]?.extensions.code ?? null };
}

/** What is stored: files beside the filler, partial files, rows of the record. */
async function stored() {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name !== 'filler');
  const { rows } = await sql<{ n: string }>`select count(*) as n from attachments`.execute(h.db);
  return {
    files: files.filter((e) => !e.parentPath.includes('.partial')).length,
    partials: files.filter((e) => e.parentPath.includes('.partial')).length,
    rows: Number(rows[0]!.n),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'attachment-full-int-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
  mounted = true;
  h = await createApiHarness({
    config: { attachments: { maxBytes: 64 * KIB, allowedTypes: ['image/png'] } },
    attachmentStorage: await createLocalAttachmentStorage(dir),
  });
});
afterAll(async () => {
  await h?.close();
  if (mounted) execFileSync('umount', [dir]);
  await rm(dir, { recursive: true, force: true });
});

describe('a full attachment disk', () => {
  it('refuses uploads with ATTACHMENT_STORAGE_FULL, storing nothing, and takes them again once freed', async () => {
    expect(await upload()).toEqual({ status: 201, code: null });
    const before = await stored();
    // The rest of the disk taken: the kernel's own ENOSPC ends the filling.
    await expect(writeFile(filler(), Buffer.alloc(512 * KIB))).rejects.toMatchObject({ code: 'ENOSPC' });

    expect(await upload()).toEqual({ status: 507, code: 'ATTACHMENT_STORAGE_FULL' });
    expect(await stored()).toEqual(before);

    await rm(filler());
    expect(await upload()).toEqual({ status: 201, code: null });
    expect(await stored()).toEqual({ ...before, files: before.files + 1, rows: before.rows + 1 });
  });
});
