import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type RunningS3Server, startS3Server } from '@support-engine/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAttachmentStorage } from './local-storage.js';
import { receiveAttachment } from './receive.js';
import { createS3AttachmentStorage } from './s3-storage.js';
import type { AttachmentStorage } from './storage.js';

// One contract for both storage adapters: the local folder and a real S3-compatible server
// (versitygw, built by `npm run setup:s3`). Writes stream, reads stream, and a write whose body
// fails leaves nothing behind: no object, no partial file, no pending multipart upload.

const BUCKET = 'attachments';
const PNG_HEAD = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
let s3: RunningS3Server;
let dir: string;

/** A body that sends `bytes` in 64 KiB chunks, then fails if `failAfter` is set. */
function body(bytes: Buffer, failAfter?: number): Readable {
  return Readable.from(
    (async function* () {
      for (let offset = 0; offset < bytes.length; offset += 65_536) {
        if (failAfter !== undefined && offset >= failAfter) throw new Error('client went away');
        yield bytes.subarray(offset, offset + 65_536);
      }
    })(),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  s3 = await startS3Server({ buckets: [BUCKET] });
  dir = await mkdtemp(join(tmpdir(), 'attachment-storage-'));
});
afterAll(async () => {
  await s3?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const adapters: [string, () => Promise<{ storage: AttachmentStorage; leftovers: () => Promise<string[]> }>][] = [
  [
    'local folder',
    async () => ({
      storage: await createLocalAttachmentStorage(dir),
      leftovers: async () => readdir(join(dir, '.partial')),
    }),
  ],
  [
    'S3-compatible server',
    async () => {
      const options = {
        bucket: BUCKET,
        prefix: 'files/',
        endpoint: s3.endpoint,
        region: s3.region,
        accessKeyId: s3.accessKey,
        secretAccessKey: s3.secretKey,
      };
      const client = new S3Client({
        endpoint: s3.endpoint,
        region: s3.region,
        forcePathStyle: true,
        credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
      });
      return {
        storage: createS3AttachmentStorage(options),
        // Multipart uploads left open would hold parts nobody can see; none may remain.
        leftovers: async () => {
          const open = await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
          return (open.Uploads ?? []).map((upload) => upload.Key ?? '?');
        },
      };
    },
  ],
];

describe.each(adapters)('attachment storage: %s', (_name, make) => {
  let storage: AttachmentStorage;
  let leftovers: () => Promise<string[]>;
  beforeAll(async () => {
    ({ storage, leftovers } = await make());
  });

  it('stores and streams back small and multi-part files byte for byte', async () => {
    for (const size of [1, 100_000, 12 * 1024 * 1024 + 7]) {
      const bytes = randomBytes(size);
      const key = `file-${size}`;
      await storage.write(key, body(bytes));
      const read = await storage.read(key);
      expect(read?.size).toBe(size);
      expect(digest(await readAll(read!.body))).toBe(digest(bytes));
    }
  });

  it('keeps nothing of a write whose body fails, even past the first part', async () => {
    for (const failAfter of [0, 6 * 1024 * 1024]) {
      const key = `broken-${failAfter}`;
      await expect(storage.write(key, body(randomBytes(11 * 1024 * 1024), failAfter))).rejects.toThrow(
        'client went away',
      );
      expect(await storage.read(key)).toBeNull();
    }
    expect(await leftovers()).toEqual([]);
  });

  it('stores bytes handed over in memory, and writes them again over the same key', async () => {
    const bytes = randomBytes(3_000);
    await storage.write('in-memory', bytes);
    await storage.write('in-memory', bytes);
    const read = await storage.read('in-memory');
    expect(read?.size).toBe(bytes.length);
    expect(digest(await readAll(read!.body))).toBe(digest(bytes));
    expect(await leftovers()).toEqual([]);
  });

  it('answers null for a missing key and removes idempotently', async () => {
    expect(await storage.read('never-written')).toBeNull();
    await storage.write('to-remove', body(Buffer.from('bye')));
    await storage.remove('to-remove');
    await storage.remove('to-remove');
    expect(await storage.read('to-remove')).toBeNull();
  });

  it('stores an upload of several parts received through the upload meter', async () => {
    const bytes = Buffer.concat([PNG_HEAD, randomBytes(7 * 1024 * 1024)]);
    const limits = { maxBytes: 20 * 1024 * 1024, allowedTypes: ['image/png'] };
    const stored = await receiveAttachment(body(bytes), { fileName: 'big.png' }, limits, storage, 'metered');
    expect(stored).toEqual({ contentType: 'image/png', size: bytes.length, sha256: digest(bytes) });
    const read = await storage.read('metered');
    expect(digest(await readAll(read!.body))).toBe(digest(bytes));
  });

  it('refuses keys that could leave its place', async () => {
    await expect(storage.write('../escape', body(Buffer.from('x')))).rejects.toThrow('Invalid attachment storage key');
    await expect(storage.read('a/b')).rejects.toThrow('Invalid attachment storage key');
  });
});

it('makes a local sub-folder again when it was removed after its first file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'attachment-folders-'));
  try {
    const storage = await createLocalAttachmentStorage(root);
    await storage.write('ab-first', Buffer.from('one'));
    await rm(join(root, 'ab'), { recursive: true });
    await storage.write('ab-second', Buffer.from('two'));
    expect((await readAll((await storage.read('ab-second'))!.body)).toString()).toBe('two');
    expect(await readdir(join(root, '.partial'))).toEqual([]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

it('lists the S3 objects under the prefix only', async () => {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
  });
  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  expect((listed.Contents ?? []).every((object) => object.Key?.startsWith('files/'))).toBe(true);
  expect((listed.Contents ?? []).map((object) => object.Key)).toContain('files/file-1');
  client.destroy();
});
