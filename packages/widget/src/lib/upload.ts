/** Where a file goes: the grant `createAttachmentUpload` handed out. */
export interface UploadGrant {
  readonly uploadUrl: string;
  readonly method: string;
}

/**
 * Sends `file` to the grant's URL, telling `onProgress` the share sent (0 to 100) as it goes
 * (XMLHttpRequest: fetch reports no upload progress). Rejects unless the store accepted it.
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
      request.status >= 200 && request.status < 300 ? resolve() : reject(new Error(`upload ${request.status}`));
    request.onerror = () => reject(new Error('upload failed'));
    request.send(file);
  });
}
