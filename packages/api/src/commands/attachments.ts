import { AttachmentFileName, Id, MAX_ATTACHMENTS_PER_MESSAGE, type MessageAttachment } from '@support-engine/domain';
import { z } from 'zod';
import { ApiError } from '../errors/codes.js';
import { type CommandEnv, definePayloadMutation } from './spec.js';

/**
 * What a message input carries instead of the domain's `attachments`: the ids of files the
 * caller uploaded. A client never describes a file itself; the server fills in what it stored.
 */
export const ATTACHMENT_IDS = {
  attachmentIds: z.array(Id).max(MAX_ATTACHMENTS_PER_MESSAGE).optional(),
};

/** The `attachments` of a message command, from the caller's uploaded ids (none: nothing). */
export async function filesOf(
  ids: readonly string[] | undefined,
  env: CommandEnv,
): Promise<{ attachments?: MessageAttachment[] }> {
  if (ids === undefined || ids.length === 0) return {};
  const attachments = await configured(env).forMessage(ids, env.principal);
  return attachments === undefined ? {} : { attachments };
}

function configured(env: CommandEnv) {
  if (env.attachments === undefined)
    throw new ApiError('ATTACHMENTS_NOT_CONFIGURED', 'Attachments are not configured on this deployment');
  return env.attachments;
}

/** The mutation that starts an upload. */
export const ATTACHMENT_COMMANDS = {
  createAttachmentUpload: definePayloadMutation(
    'Hands out a one-time URL to PUT a file to (before it expires); the answer of that PUT names the stored file, whose id messages then attach.',
    'AttachmentUpload',
    z.object({ fileName: AttachmentFileName, contentType: z.string().max(255).optional() }).strict(),
    (input, env) => configured(env).openUpload(env.principal, input.fileName, input.contentType),
  ),
};
