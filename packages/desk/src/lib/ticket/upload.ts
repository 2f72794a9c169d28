import type { Client } from '@urql/core';
import { CreateAttachmentUpload } from '../queries/index.ts';
import { type Refusal, refusalOf } from './errors.ts';

/** A file the API stored, as its upload answers it. */
export interface StoredFile {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
}

/** An upload the API or the network refused. */
export class UploadRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/**
 * Uploads `file` the API's way: `createAttachmentUpload` hands out a one-time URL, the bytes are
 * PUT there (XMLHttpRequest, whose upload reports progress: `onProgress` gets 0 to 1), and the
 * answer names the stored file, whose id a message then attaches. Throws {@link UploadRefused}.
 */
export async function uploadFile(client: Client, file: File, onProgress: (done: number) => void): Promise<StoredFile> {
  const granted = await client
    .mutation(CreateAttachmentUpload, {
      input: { fileName: file.name, ...(file.type ? { contentType: file.type } : {}) },
    })
    .toPromise();
  if (granted.error || !granted.data) throw new UploadRefused(granted.error ? refusalOf(granted.error) : noAnswer());
  const { uploadUrl, method } = granted.data.createAttachmentUpload;
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, uploadUrl);
    if (file.type) request.setRequestHeader('content-type', file.type);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = parse(request.responseText);
      if (request.status === 201 && body && typeof body.id === 'string') {
        onProgress(1);
        resolve(body as unknown as StoredFile);
        return;
      }
      // Refusals come in the GraphQL error shape, with a typed code.
      const error = Array.isArray(body?.errors)
        ? (body.errors[0] as { message?: string; extensions?: { code?: string } })
        : null;
      reject(
        new UploadRefused({
          code: error?.extensions?.code ?? null,
          message: error?.message ?? `HTTP ${request.status}`,
        }),
      );
    };
    request.onerror = () => reject(new UploadRefused({ code: 'network', message: 'upload failed' }));
    request.send(file);
  });
}

function noAnswer(): Refusal {
  return { code: null, message: 'no answer' };
}

function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
