import { z } from 'zod';
import { Id } from '../shared/actor.js';

/** Most files one message may carry. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

/**
 * A file name as people see it: no folders, no control characters, at most 255 characters. The
 * engine never uses it as a path (storage keys are attachment ids).
 */
export const AttachmentFileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\\p{Cc}]/u.test(name), 'a file name has no "/", "\\" or control characters')
  .refine((name) => name !== '.' && name !== '..', 'a file name is not "." or ".."');

/** A media type as `type/subtype`, lower case, without parameters. */
export const MediaType = z
  .string()
  .max(255)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'expected a media type such as "image/png"');

/** A SHA-256 digest in lower-case hex. */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 digest (64 lower-case hex digits)');

/**
 * A stored file as a message records it. Its `sha256` is the digest of the stored bytes, so the
 * event log's hash chain vouches for the file's content too; `contentType` was read from the
 * bytes, not taken from the uploader.
 */
export const MessageAttachment = z
  .object({
    attachmentId: Id,
    fileName: AttachmentFileName,
    contentType: MediaType,
    size: z.int().positive(),
    sha256: Sha256,
  })
  .strict();
export type MessageAttachment = z.infer<typeof MessageAttachment>;

/** The files of one message: at most {@link MAX_ATTACHMENTS_PER_MESSAGE}, each once. */
export const MessageAttachments = z
  .array(MessageAttachment)
  .max(MAX_ATTACHMENTS_PER_MESSAGE)
  .refine((refs) => new Set(refs.map((ref) => ref.attachmentId)).size === refs.length, 'attach each file once');

/**
 * The `attachments` field of a message event: the files when there are any, else nothing at
 * all (events without files keep the shape, and the hash, they always had).
 */
export function attachmentsField(refs: readonly MessageAttachment[] | undefined): {
  attachments?: MessageAttachment[];
} {
  return refs === undefined || refs.length === 0 ? {} : { attachments: [...refs] };
}
