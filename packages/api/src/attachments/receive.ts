import { createHash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { DomainError } from '@support-engine/domain';
import {
  type AttachmentLimits,
  admitAttachment,
  exceedsAttachmentLimit,
  type ReceivedFile,
} from '@support-engine/domain/attachment';
import { fileTypeFromBuffer } from 'file-type';
import type { AttachmentStorage } from './storage.js';

/** What the bytes of an upload turned out to be. */
export interface ReceivedBytes {
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

/** Bytes read before anything is stored: enough for every signature `file-type` knows. */
const HEAD_BYTES = 4_100;

/**
 * Streams an upload into `storage` under `key`: the first bytes are read to learn the file's
 * type (never trusting the name or the claim) and the file is refused before anything is
 * stored when the domain's admission rule says so; the rest flows through a meter that hashes
 * (SHA-256) and counts, and fails the write the moment the size limit is passed, which leaves
 * nothing stored. Memory stays at one chunk plus the head whatever the file's size.
 */
export async function receiveAttachment(
  source: Readable,
  file: { readonly fileName: string; readonly declaredType?: string; readonly announcedType?: string },
  limits: AttachmentLimits,
  storage: AttachmentStorage,
  key: string,
): Promise<ReceivedBytes> {
  const head = await readHead(source, HEAD_BYTES);
  // A UTF-16 byte-order mark looks like an MP3 frame to a signature reader: text is settled first.
  const utf16 = readsAsUtf16(head);
  const sniffed = utf16 ? null : ((await fileTypeFromBuffer(head)) ?? null);
  const received: ReceivedFile = {
    ...file,
    sniffed,
    text: utf16 || (sniffed === null && readsAsText(head)),
    size: head.length,
  };
  const contentType = admitAttachment(received, limits);
  const meter = new Meter(limits);
  meter.write(head);
  // Not `pipeline`: a refusal must not destroy the request, whose connection still has to carry
  // the answer (the route then closes it). A source that breaks off fails the meter, and so the write.
  if (source.readableEnded) meter.end();
  else
    source
      .once('error', (error) => meter.destroy(error))
      .once('close', () => {
        if (!source.readableEnded) meter.destroy(new Error('The upload was broken off'));
      })
      .pipe(meter);
  await storage.write(key, meter);
  return { contentType, size: meter.bytesSeen, sha256: meter.digest() };
}

/** Hashes and counts what passes; errors with `ATTACHMENT_TOO_LARGE` past the limit. */
class Meter extends Transform {
  // Not `size`: the AWS SDK reads a body's `size` as its total length and plans its parts by it.
  #bytes = 0;

  get bytesSeen(): number {
    return this.#bytes;
  }
  readonly #hash = createHash('sha256');

  constructor(private readonly limits: AttachmentLimits) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    if (exceedsAttachmentLimit(this.#bytes, this.limits)) {
      callback(
        new DomainError('ATTACHMENT_TOO_LARGE', `The file is larger than ${this.limits.maxBytes} bytes`, {
          maxBytes: this.limits.maxBytes,
        }),
      );
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return this.#hash.digest('hex');
  }
}

/**
 * The first `bytes` bytes of `source` (fewer when it ends first); whatever was read past them
 * is put back, so the stream goes on from there.
 */
function readHead(source: Readable, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (ended: boolean) => {
      source.off('readable', onReadable).off('end', onEnd).off('error', onError);
      // Mostly one chunk (64 KiB off a socket): kept as is, not copied.
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      if (!ended && all.length > bytes) source.unshift(all.subarray(bytes));
      resolve(all.subarray(0, bytes));
    };
    const onReadable = () => {
      while (length < bytes) {
        const chunk = source.read() as Buffer | null;
        if (chunk === null) break;
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= bytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onError = (error: Error) => {
      source.off('readable', onReadable).off('end', onEnd);
      reject(error);
    };
    source.on('readable', onReadable).once('end', onEnd).once('error', onError);
  });
}

/**
 * Tab, line feed, form feed, carriage return and escape: the control characters text files hold
 * (escape starts the colour codes of a terminal's log).
 */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1b]);

const isTextCode = (code: number) => (code >= 0x20 || TEXT_CONTROLS.has(code)) && code !== 0x7f;

/**
 * Text in UTF-8 or a single-byte encoding (Latin-1, Windows-1252: any byte from 0x80 reads as a
 * character in one of them): no control byte but the ones text holds. Binary data without a
 * signature is full of other control bytes well within the head.
 */
function readsAsText(head: Buffer): boolean {
  return head.every(isTextCode);
}

/** UTF-16 with its byte-order mark (what Windows tools call "Unicode"), without control characters but the ones text holds. */
function readsAsUtf16(head: Buffer): boolean {
  const encoding =
    head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
  if (encoding === null) return false;
  try {
    // A character cut at the end of the head is fine (`stream`).
    const text = new TextDecoder(encoding, { fatal: true }).decode(head.subarray(2), { stream: true });
    for (let i = 0; i < text.length; i++) if (!isTextCode(text.charCodeAt(i))) return false;
    return true;
  } catch {
    return false;
  }
}
