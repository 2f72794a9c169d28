import { z } from 'zod';
import { createLocalAttachmentStorage } from './local-storage.js';
import { createS3AttachmentStorage } from './s3-storage.js';
import type { AttachmentStorage } from './storage.js';

/**
 * Where a deployment keeps attachment bytes: a local folder (the default; one machine, or a
 * shared volume) or an S3-compatible bucket (AWS S3, MinIO, versitygw, Ceph...).
 */
export const AttachmentStoreConfig = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('local'),
      /** The folder; the command's default (the dev data dir, or `./data/attachments`) when unset. */
      dir: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('s3'),
      bucket: z.string().min(3).max(63),
      prefix: z.string().max(512),
      endpoint: z.url().optional(),
      region: z.string().min(1),
      /** Static keys, both or neither: without them the AWS SDK's default chain (its variables, a profile, an instance or task role). */
      accessKeyId: z.string().min(1).optional(),
      secretAccessKey: z.string().min(1).optional(),
      forcePathStyle: z.boolean(),
    })
    .strict()
    .refine((config) => (config.accessKeyId === undefined) === (config.secretAccessKey === undefined), {
      message:
        'set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together, or neither (the AWS SDK then finds credentials: AWS_ variables, a profile, an instance or task role)',
      path: ['accessKeyId'],
    }),
]);
export type AttachmentStoreConfig = z.infer<typeof AttachmentStoreConfig>;

/** Which environment variable feeds each setting, so errors name what the operator sets. */
const VARIABLE_OF: Readonly<Record<string, string>> = {
  kind: 'ATTACHMENT_STORE',
  dir: 'ATTACHMENT_DIR',
  bucket: 'S3_BUCKET',
  prefix: 'S3_PREFIX',
  endpoint: 'S3_ENDPOINT',
  region: 'S3_REGION',
  accessKeyId: 'S3_ACCESS_KEY_ID',
  secretAccessKey: 'S3_SECRET_ACCESS_KEY',
  forcePathStyle: 'S3_FORCE_PATH_STYLE',
};

/** The attachment store described by the environment is not valid; `problems` name the variables. */
export class AttachmentStoreConfigError extends Error {
  override readonly name = 'AttachmentStoreConfigError';

  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid attachment store:\n${problems.map((p) => `✖ ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Reads the attachment store from `ATTACHMENT_STORE` (`local` by default, or `s3`): for `local`,
 * `ATTACHMENT_DIR`; for `s3`, `S3_BUCKET`, `S3_PREFIX` (none by default), `S3_ENDPOINT` (for a
 * store other than AWS), `S3_REGION` (`us-east-1` by default), `S3_ACCESS_KEY_ID` and
 * `S3_SECRET_ACCESS_KEY` (both, or neither for the AWS SDK's default credentials) and
 * `S3_FORCE_PATH_STYLE` (`true` by default with an endpoint).
 */
export function loadAttachmentStoreConfig(env: NodeJS.ProcessEnv = process.env): AttachmentStoreConfig {
  const candidate =
    (env.ATTACHMENT_STORE ?? 'local') === 's3'
      ? {
          kind: 's3',
          bucket: env.S3_BUCKET,
          prefix: env.S3_PREFIX ?? '',
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION ?? 'us-east-1',
          ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
          ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
          forcePathStyle:
            env.S3_FORCE_PATH_STYLE === undefined ? env.S3_ENDPOINT !== undefined : env.S3_FORCE_PATH_STYLE === 'true',
        }
      : { kind: env.ATTACHMENT_STORE ?? 'local', dir: env.ATTACHMENT_DIR };
  const parsed = AttachmentStoreConfig.safeParse(candidate);
  if (parsed.success) return parsed.data;
  throw new AttachmentStoreConfigError(
    parsed.error.issues.map((issue) => ({
      variable: VARIABLE_OF[String(issue.path[0] ?? 'kind')] ?? String(issue.path[0]),
      message: issue.message,
    })),
  );
}

/** The storage a configuration describes; `defaultDir` is the local folder when none is set. */
export async function openAttachmentStorage(
  config: AttachmentStoreConfig,
  defaultDir: string,
): Promise<AttachmentStorage> {
  if (config.kind === 'local') return createLocalAttachmentStorage(config.dir ?? defaultDir);
  const { kind: _kind, ...options } = config;
  return createS3AttachmentStorage(options);
}
