import type { AttachmentRef } from '@support-engine/domain/article';
import type { MessageAttachment } from '@support-engine/domain/attachment';
import { DOWNLOAD_PATH } from '../attachments/service.js';
import type { ReadModel } from '../consistency.js';
import { defineQuery } from '../graphql/secure.js';

/** The read models that say who may read a file: the messages and articles carrying it. */
export const ATTACHMENT_READS: readonly ReadModel[] = ['tickets', 'chats', 'articles'];

/**
 * `attachment(id)`: a stored file, when the caller uploaded it or may read a message or an
 * article carrying it (a customer: a message that is not internal, on their own ticket or chat,
 * or a published version of an article; a visitor: such a version only); else null, the same
 * answer as for an id that does not exist.
 */
export const attachment = defineQuery<{ id: string }>(ATTACHMENT_READS, async ({ id }, context, principal) => {
  const { attachments } = context.services;
  return attachments === undefined ? null : attachments.find(id, principal);
});

/**
 * A file as a live update tells of it, straight from the log: its URL waits for the read models to
 * hold the update (`consistencyToken`), which say who may read it.
 */
export type ToldAttachment = MessageAttachment & { readonly consistencyToken?: string };

/** The `Attachment` type's fields that are not the recorded ones. */
export const ATTACHMENT_FIELDS = {
  id: (file: MessageAttachment) => file.attachmentId,
  url: (file: ToldAttachment) =>
    file.consistencyToken === undefined
      ? `${DOWNLOAD_PATH}${file.attachmentId}`
      : `${DOWNLOAD_PATH}${file.attachmentId}?consistencyToken=${encodeURIComponent(file.consistencyToken)}`,
};

/** The `ArticleAttachment` type's fields named as a message's `Attachment` names them. */
export const ARTICLE_ATTACHMENT_FIELDS = {
  id: (file: AttachmentRef) => file.attachmentId,
  size: (file: AttachmentRef) => file.sizeBytes,
  sha256: (file: AttachmentRef) => file.sha256 ?? null,
  url: (file: AttachmentRef) => `${DOWNLOAD_PATH}${file.attachmentId}`,
};
