import { createHash, randomUUID } from 'node:crypto';

/**
 * The ids a mutation generates for what it creates (a customer's ticket or chat, a message).
 * With the client's idempotency key they derive from it — the same ids, in the same order, on
 * every retry — so a repeated create lands on the stream the first attempt made and gets its
 * outcome back, instead of opening a second ticket. Without a key every call is new anyway.
 */
export function idsFor(commandId: string | undefined): () => string {
  if (commandId === undefined) return randomUUID;
  let next = 0;
  return () => asUuid(createHash('sha256').update(`${commandId}#${next++}`).digest());
}

/** The first 16 bytes of a digest as an RFC 9562 version-8 (custom) UUID. */
function asUuid(digest: Buffer): string {
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
