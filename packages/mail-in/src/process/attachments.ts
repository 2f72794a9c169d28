import { Readable } from 'node:stream';
import {
  type AttachmentStorage,
  type AttachmentsTable,
  catalogStoredFile,
  MAIL_IN_UPLOADER,
  receiveAttachment,
} from '@support-engine/api';
import { isDomainError } from '@support-engine/domain';
import {
  AttachmentFileName,
  type AttachmentLimits,
  MAX_ATTACHMENTS_PER_MESSAGE,
  type MessageAttachment,
} from '@support-engine/domain/attachment';
import type { Kysely } from 'kysely';
import type { MailPart } from './parse.js';

/** A part of a message that did not become an attachment, and why (a stable code). */
export interface DroppedPart {
  readonly fileName: string;
  readonly code: string;
  readonly message: string;
}

/** Where parts go: the attachment storage, and the catalog staff download through. */
export interface PartStore {
  readonly db: Kysely<{ attachments: AttachmentsTable }>;
  readonly storage: AttachmentStorage;
  readonly limits: AttachmentLimits;
}

/**
 * Stores the files a message carries as attachments, each through the checks an upload passes
 * (type read from the bytes, size limit, SHA-256), under the id `keyOf(index)` gives (derived
 * from the message, so processing it again writes the same files), and catalogues them. A part
 * refused (a program, too large, empty), or past the most a message carries, is dropped and
 * listed; the message still counts.
 */
export async function storeMailParts(
  parts: readonly MailPart[],
  keyOf: (index: number) => string,
  store: PartStore,
  now: Date,
): Promise<{ attachments: MessageAttachment[]; dropped: DroppedPart[] }> {
  const attachments: MessageAttachment[] = [];
  const dropped: DroppedPart[] = [];
  for (const [index, part] of parts.entries()) {
    const fileName = partName(part, index);
    if (attachments.length >= MAX_ATTACHMENTS_PER_MESSAGE) {
      dropped.push({
        fileName,
        code: 'TOO_MANY_ATTACHMENTS',
        message: `A message carries at most ${MAX_ATTACHMENTS_PER_MESSAGE} files`,
      });
      continue;
    }
    const attachmentId = keyOf(index);
    try {
      const stored = await receiveAttachment(
        Readable.from([part.content]),
        { fileName, declaredType: part.mimeType },
        store.limits,
        store.storage,
        attachmentId,
      );
      const attachment = { attachmentId, fileName, ...stored };
      await catalogStoredFile(store.db, attachment, MAIL_IN_UPLOADER, now);
      attachments.push(attachment);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      dropped.push({ fileName, code: error.code, message: error.message });
    }
  }
  return { attachments, dropped };
}

/** The part's own name when it is a valid file name, else `attachment-<n>` (its bytes name its type). */
function partName(part: MailPart, index: number): string {
  const named = AttachmentFileName.safeParse(part.fileName ?? '');
  return named.success ? named.data : `attachment-${index + 1}`;
}
