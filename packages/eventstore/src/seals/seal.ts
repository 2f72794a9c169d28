import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import type { JsonObject } from '../port.js';

/** A signed statement that a stream's events were recorded at these versions, positions and chain hashes. */
export interface StreamSeal {
  readonly kind: 'stream';
  readonly streamId: string;
  /** `[version, global position, hash]` of each event newly sealed, in version order. */
  readonly events: readonly SealedEvent[];
  readonly sealedAt: string;
}

/** One sealed event: `[version, global position, chain hash]`. */
export type SealedEvent = readonly [number, string, string];

/** A signed statement of the log's head when it was sealed: its last event and checkpoint. */
export interface LogSeal {
  readonly kind: 'log';
  readonly streamId: string;
  readonly version: number;
  readonly globalPosition: string;
  readonly hash: string;
  /** The gap-safe checkpoint the sealer had read up to (`transactionId:globalPosition`). */
  readonly checkpoint: string;
  readonly sealedAt: string;
}

export type Seal = StreamSeal | LogSeal;

/** One line of the seal file: a seal, the digest of the line before it, and the signature of both. */
export interface SealLine {
  readonly seal: Seal;
  /** SHA-256 of the previous line's text; `null` on the first line. Removing a line breaks the link. */
  readonly prev: string | null;
  /** Ed25519 signature (base64) over the canonical JSON of `{ seal, prev }`. */
  readonly signature: string;
}

function signedPart(seal: Seal, prev: string | null): Buffer {
  return Buffer.from(canonicalJson({ seal: seal as unknown as JsonObject, prev }));
}

/** The text of a seal line (no newline), signed with the sealer's Ed25519 private key. */
export function signSealLine(seal: Seal, prev: string | null, privateKey: KeyObject): string {
  const signature = sign(null, signedPart(seal, prev), privateKey).toString('base64');
  return JSON.stringify({ seal, prev, signature } satisfies SealLine);
}

/** Whether `line`'s signature verifies with `publicKey`. */
export function sealLineVerifies(line: SealLine, publicKey: KeyObject): boolean {
  try {
    return verify(null, signedPart(line.seal, line.prev), publicKey, Buffer.from(line.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The link the next line must carry. */
export function lineDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
