import { existsSync } from 'node:fs';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3Server, startS3Server } from './s3-server.js';

const BUCKET = 'attachments';

// No skip when versitygw is missing: startS3Server throws a MissingToolError naming
// `npm run setup:s3`, which fails every test here.
let server: RunningS3Server;
beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
});
afterAll(() => server?.stop());

function client(credentials: { accessKeyId: string; secretAccessKey: string }): S3Client {
  return new S3Client({ endpoint: server.endpoint, region: server.region, forcePathStyle: true, credentials });
}

function rootClient(): S3Client {
  return client({ accessKeyId: server.accessKey, secretAccessKey: server.secretKey });
}

async function refusal(send: () => Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  const error = await send().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(S3ServiceException);
  const s3Error = error as S3ServiceException;
  return { name: s3Error.name, status: s3Error.$metadata.httpStatusCode };
}

describe('S3 server (versitygw, posix backend)', () => {
  it('serves the bucket it was asked for as a folder of its data dir', () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.region).toBe('us-east-1');
    expect(existsSync(`${server.dataDir}/${BUCKET}`)).toBe(true);
  });

  it('puts, reads back, lists and deletes an object', async () => {
    const s3 = rootClient();
    const key = 'tickets/t-1/attachments/report.bin';
    const body = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'application/octet-stream' }),
    );

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(got.ContentType).toBe('application/octet-stream');
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.from(body))).toBe(true);

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'tickets/t-1/' }));
    expect(listed.Contents?.map((object) => [object.Key, object.Size])).toEqual([[key, body.length]]);

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await refusal(() => s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })))).toEqual({
      name: 'NoSuchKey',
      status: 404,
    });
    const after = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'tickets/t-1/' }));
    expect(after.Contents ?? []).toEqual([]);
  });

  it('refuses a request signed with the wrong secret', async () => {
    const s3 = client({ accessKeyId: server.accessKey, secretAccessKey: `${server.secretKey}-wrong` });
    expect(await refusal(() => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'x' })))).toEqual({
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
    expect(existsSync(`${server.dataDir}/${BUCKET}/x`)).toBe(false);
  });

  it('refuses an unknown access key (versitygw answers 404 XAdminUserNotFound, not 403)', async () => {
    const s3 = client({ accessKeyId: 'nobody', secretAccessKey: server.secretKey });
    const { name } = await refusal(() => s3.send(new ListObjectsV2Command({ Bucket: BUCKET })));
    expect(['InvalidAccessKeyId', 'XAdminUserNotFound']).toContain(name);
  });
});
