import { createHash, randomUUID } from 'node:crypto';

/**
 * The ids a mutation generates for what its client left out. With the client's idempotency key
 * they are derived from it (the n-th id of the key is always the same UUID-shaped digest), so a
 * retry names the same new ticket, chat or message and is recognised as the same command; without
 * a key every call is a new command and gets random ids.
 */
export function idGenerator(commandId: string | undefined): () => string {
  if (commandId === undefined) return randomUUID;
  let n = 0;
  return () => {
    const hex = createHash('sha256').update(`${commandId}\u0000${++n}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}
