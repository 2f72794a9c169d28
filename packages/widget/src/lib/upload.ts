import { Refusal } from './session.ts';

/** Where a file goes: the grant `createAttachmentUpload` handed out. */
export interface UploadGrant {
  readonly uploadUrl: string;
  readonly method: string;
}

/**
 * The refusal an upload's answer carries: the API refuses a file's bytes (its type as sniffed, its
 * size, an empty file) in the GraphQL error shape with a stable code; any other failure is `UNKNOWN`.
 */
export function uploadRefusal(status: number, responseText: string): Refusal {
  let code: unknown;
  try {
    code = (JSON.parse(responseText) as { errors?: { extensions?: { code?: unknown } }[] }).errors?.[0]?.extensions
      ?.code;
  } catch {
    // Not the API's answer (a proxy's page, a cut connection): no code to say.
  }
  return new Refusal(typeof code === 'string' ? code : 'UNKNOWN', `upload ${status}`);
}

/**
 * Sends `file` to the grant's URL, telling `onProgress` the share sent (0 to 100) as it goes
 * (XMLHttpRequest: fetch reports no upload progress). Rejects unless the store accepted it, with
 * the API's {@link Refusal} when it refused the file.
 */
export function upload(grant: UploadGrant, file: File, onProgress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(grant.method, grant.uploadUrl);
    if (file.type) request.setRequestHeader('content-type', file.type);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () =>
      request.status >= 200 && request.status < 300
        ? resolve()
        : reject(uploadRefusal(request.status, request.responseText));
    request.onerror = () => reject(new Refusal('NETWORK', 'upload failed'));
    request.send(file);
  });
}
