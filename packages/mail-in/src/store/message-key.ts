import { createHash } from 'node:crypto';

/** How much of a message is read to find its Message-ID: headers past this are not headers anyone sends. */
const HEADER_SCAN_LIMIT = 256 * 1024;

/**
 * The values of header `name` (any case) in a raw message, unfolded and trimmed, in order. Only
 * the header block is read, as Latin-1 (every byte one character), before any parsing: what is
 * read here is known before the message is trusted with anything.
 */
export function rawHeaderValues(raw: Buffer, name: string): string[] {
  const head = raw.subarray(0, HEADER_SCAN_LIMIT).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) values.push(line.slice(colon + 1).trim());
  }
  return values;
}

/**
 * The `Message-ID` of a raw message, without its angle brackets, or undefined when it has none, an
 * empty one, or one holding a control character (a NUL, which no database text can hold, or
 * anything else no mail system writes in an id: such a message is keyed by its hash).
 */
export function rawMessageId(raw: Buffer): string | undefined {
  const value = rawHeaderValues(raw, 'message-id')[0];
  if (value === undefined) return undefined;
  const id = value.replace(/^<(.*)>$/, '$1').trim();
  return id.length > 0 && id.length <= 995 && !hasControl(id) ? id : undefined;
}

/** The SHA-256 of the raw bytes, hex. */
export function rawDigest(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

/**
 * The key a message is recorded once under: its Message-ID when it has one (a resend of the same
 * message by a retrying server, or by IMAP after a crash, is the same message), else the hash of
 * its bytes.
 */
export function messageKey(raw: Buffer): {
  readonly key: string;
  readonly messageId?: string;
  readonly sha256: string;
} {
  const sha256 = rawDigest(raw);
  const messageId = rawMessageId(raw);
  return messageId === undefined ? { key: `sha256:${sha256}`, sha256 } : { key: `mid:${messageId}`, messageId, sha256 };
}

/** The attachment-storage key of a raw message: its hash, so a rewrite after a crash lands on the same file. */
export function rawStorageKey(sha256: string): string {
  return `mail-${sha256}`;
}

/** Whether `text` holds a C0 control character or DEL (read as Latin-1, so never part of a UTF-8 character). */
function hasControl(text: string): boolean {
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
