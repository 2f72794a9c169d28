import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live. Keys are attachment ids the server generated, never a client's
 * file name. A write is all or nothing: when `body` fails or ends early, nothing is left under
 * the key (nor anywhere else), so a refused or broken upload leaves no partial file behind.
 */
export interface AttachmentStorage {
  /** `local` or `s3`, for logs and the health of a deployment. */
  readonly kind: string;
  /**
   * Stores `body` under `key`: a stream is streamed, bytes already in memory are written at once;
   * rejects (and keeps nothing) when `body` errors.
   */
  write(key: string, body: Readable | Uint8Array): Promise<void>;
  /** The stored bytes as a stream with their length, or `null` when nothing is stored under `key`. */
  read(key: string): Promise<{ readonly body: Readable; readonly size: number } | null>;
  /** Removes what `key` holds; removing a missing key is not an error. */
  remove(key: string): Promise<void>;
}

/** Storage keys: what the server generates (UUIDs and the like), nothing that could climb out of a folder. */
export function assertStorageKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(key)) throw new Error(`Invalid attachment storage key "${key}"`);
}
