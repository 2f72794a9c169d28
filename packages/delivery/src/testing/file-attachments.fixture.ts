/** Test support: attachment bytes kept as files in a temporary folder, read as the storage reads them. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageAttachment } from '@support-engine/domain/attachment';
import type { AttachmentSource } from '../channels/email.js';

/** A folder of stored files: `put` keeps one and gives its reference, `read` streams it back (null when absent). */
export async function fileAttachments(): Promise<
  AttachmentSource & {
    put(attachmentId: string, fileName: string, contentType: string, bytes: Buffer): Promise<MessageAttachment>;
  }
> {
  const dir = await mkdtemp(join(tmpdir(), 'delivery-files-'));
  return {
    async put(attachmentId, fileName, contentType, bytes) {
      await writeFile(join(dir, attachmentId), bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { attachmentId, fileName, contentType, size: bytes.length, sha256 };
    },
    async read(key) {
      const file = join(dir, key);
      const found = await stat(file).catch(() => null);
      return found === null ? null : { body: createReadStream(file), size: found.size };
    },
  };
}
