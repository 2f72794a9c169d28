import { Id } from '@support-engine/domain';
import type { ArticleState, AttachmentRef } from '@support-engine/domain/article';
import {
  AttachmentFileName,
  MAX_ATTACHMENTS_PER_MESSAGE,
  MediaType,
  type MessageAttachment,
  normalizeMediaType,
} from '@support-engine/domain/attachment';
import { z } from 'zod';
import { ApiError } from '../errors/codes.js';
import { type CommandEnv, definePayloadMutation } from './spec.js';

/**
 * What a message input carries instead of the domain's `attachments`: the ids of files the
 * caller uploaded. A client never describes a file itself; the server fills in what it stored.
 */
/** Ids of files, each named once: a repeated id is a client's slip, refused rather than merged. */
const FileIds = (max: number) =>
  z
    .array(Id)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, 'each file is named once');

export const ATTACHMENT_IDS = {
  attachmentIds: FileIds(MAX_ATTACHMENTS_PER_MESSAGE).optional(),
};

/** The `attachments` of a message command, from the caller's uploaded ids (none: nothing). */
export async function filesOf(
  ids: readonly string[] | undefined,
  env: CommandEnv,
): Promise<{ attachments?: MessageAttachment[] }> {
  if (ids === undefined || ids.length === 0) return {};
  const attachments = await configured(env).forMessage(ids, env.principal);
  if (attachments === undefined) return {};
  env.uploads.hold(
    attachments.map((file) => file.attachmentId),
    env.principal,
  );
  return { attachments };
}

/**
 * What an article draft's input carries instead of the domain's `attachments`, as messages do:
 * at most the 50 files an article version may carry.
 */
export const ARTICLE_ATTACHMENT_IDS = {
  attachmentIds: FileIds(50).optional(),
};

/**
 * The `attachments` of an article draft, from the ids its input names: a file the article
 * already carries (its draft's or a published version's, whoever uploaded it) keeps its
 * recorded reference; any other must be the caller's stored upload, and is marked attached.
 */
export async function articleFilesOf(
  ids: readonly string[],
  article: ArticleState,
  env: CommandEnv,
): Promise<AttachmentRef[]> {
  const carried = new Map<string, AttachmentRef>();
  for (const content of [article?.revision?.content, ...(article?.versions ?? []).map((v) => v.content)])
    for (const file of content?.attachments ?? []) carried.set(file.attachmentId, file);
  const unique = [...new Set(ids)];
  const fresh = unique.filter((id) => !carried.has(id));
  const stored = fresh.length === 0 ? [] : await configured(env).attach(fresh, env.principal);
  env.uploads.hold(
    stored.map((file) => file.attachmentId),
    env.principal,
  );
  for (const file of stored)
    carried.set(file.attachmentId, {
      attachmentId: file.attachmentId,
      fileName: file.fileName,
      contentType: file.contentType,
      sizeBytes: file.size,
      sha256: file.sha256,
    });
  return unique.map((id) => carried.get(id)!);
}

function configured(env: CommandEnv) {
  if (env.attachments === undefined)
    throw new ApiError('ATTACHMENTS_NOT_CONFIGURED', 'Attachments are not configured on this deployment');
  return env.attachments;
}

/** The mutation that starts an upload. */
export const ATTACHMENT_COMMANDS = {
  createAttachmentUpload: definePayloadMutation(
    'Hands out a one-time URL to PUT a file to (before it expires); the answer of that PUT names the stored file, whose id messages then attach. Nothing is recorded until the PUT, so commandId plays no part: each call hands out a new grant.',
    'AttachmentUpload',
    z
      .object({
        fileName: AttachmentFileName,
        // As a Content-Type header holds it (any case, parameters allowed); "" announces none.
        contentType: z
          .string()
          .max(255)
          .refine(
            (type) => type === '' || MediaType.safeParse(normalizeMediaType(type)).success,
            'expected a media type such as "image/png"',
          )
          .optional(),
      })
      .strict(),
    (input, env) => configured(env).openUpload(env.principal, input.fileName, input.contentType),
  ),
};
