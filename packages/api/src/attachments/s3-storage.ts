import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type AttachmentStorage, assertStorageKey } from './storage.js';

/** Where and how to reach an S3-compatible bucket. */
export interface S3StorageOptions {
  readonly bucket: string;
  /** Key prefix inside the bucket (e.g. `attachments/`). */
  readonly prefix?: string;
  /** The endpoint of a non-AWS store (MinIO, versitygw, Ceph...); AWS's own when left out. */
  readonly endpoint?: string;
  readonly region: string;
  /** Static keys; left out, the AWS SDK's default credential chain (its variables, a profile, a role). */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Bucket in the path rather than the host name, as most self-hosted stores need. */
  readonly forcePathStyle?: boolean;
}

/** Size of each part of a multipart upload: the most one upload holds in memory at a time. */
const PART_BYTES = 5 * 1024 * 1024;

/**
 * Attachments in an S3-compatible bucket. Writes stream as a multipart upload of 5 MiB parts,
 * one in flight, so an upload's memory stays flat whatever the file's size; a failed one is
 * aborted (its parts deleted), so no partial object is ever visible.
 */
export function createS3AttachmentStorage(options: S3StorageOptions): AttachmentStorage & { close(): void } {
  const config: S3ClientConfig = {
    region: options.region,
    ...(options.accessKeyId === undefined || options.secretAccessKey === undefined
      ? {}
      : { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }),
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
  const client = new S3Client(config);
  const prefix = options.prefix ?? '';
  const keyOf = (key: string) => {
    assertStorageKey(key);
    return `${prefix}${key}`;
  };
  return {
    kind: 's3',
    async write(key, body) {
      const upload = new Upload({
        client,
        params: { Bucket: options.bucket, Key: keyOf(key), Body: body },
        partSize: PART_BYTES,
        queueSize: 1,
        leavePartsOnError: false,
      });
      // A body that fails mid-way fails the upload's reading of it, and the upload then aborts its
      // multipart upload before `done` settles, so nothing is left once the write rejects.
      // (`abort()` would not do: `done` rejects at once while the abort request is still to be
      // sent, and a caller looking right after could see the upload open.)
      await upload.done();
    },
    async read(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: keyOf(key) }));
        return { body: object.Body as Readable, size: object.ContentLength ?? 0 };
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: keyOf(key) }));
    },
    close() {
      client.destroy();
    },
  };
}
