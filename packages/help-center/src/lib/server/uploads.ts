import { CreateUploadMutation } from '$lib/requests/queries';
import { askAsCustomer } from './api';
import type { HelpCenterContext } from './context';

/** A file the API would not take: larger than its upload allows. */
export class FileTooLarge extends Error {
  constructor(readonly fileName: string) {
    super(`${fileName} is larger than an upload allows`);
  }
}

/**
 * Uploads the files of a form post through the API's own path, as the customer: an upload granted
 * by `createAttachmentUpload` (its checks: the caller, the name, the type), then the bytes sent to
 * its address. Empty file inputs are skipped. The attachments' ids, in order.
 */
export async function uploadFiles(
  context: HelpCenterContext,
  customerToken: string,
  files: readonly File[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files.filter((candidate) => candidate.size > 0)) {
    const { createAttachmentUpload: upload } = await askAsCustomer(context, customerToken, CreateUploadMutation, {
      fileName: file.name,
      contentType: file.type === '' ? null : file.type,
    });
    if (file.size > upload.maxBytes) throw new FileTooLarge(file.name);
    // The address is the API's own, usually a path: resolved against where this process reaches it.
    const response = await fetch(new URL(upload.uploadUrl, context.graphqlUrl), {
      method: upload.method,
      headers: { 'content-type': file.type === '' ? 'application/octet-stream' : file.type },
      body: file,
    });
    if (!response.ok) throw new Error(`The upload of ${file.name} was refused (${response.status})`);
    ids.push(upload.attachmentId);
  }
  return ids;
}
