import { InvalidCheckpointError } from './errors.js';

/**
 * A position in the global log. Ordered lexicographically by `(transactionId, globalPosition)`:
 * in PostgreSQL the writing transaction's id and the row's sequence number, in EventStoreDB the
 * commit and prepare positions. Readers must checkpoint the pair: a position alone can skip an
 * event whose transaction commits after a newer one.
 */
export interface Checkpoint {
  readonly transactionId: bigint;
  readonly globalPosition: bigint;
}

/** The checkpoint before every event: reading after it starts at the beginning of the log. */
export const START: Checkpoint = Object.freeze({ transactionId: 0n, globalPosition: 0n });

/** Negative when `a` comes before `b`, zero when equal, positive when after. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.globalPosition !== b.globalPosition) return a.globalPosition < b.globalPosition ? -1 : 1;
  return 0;
}

const TOKEN = /^c1\.([0-9a-z]+)\.([0-9a-z]+)$/;

/**
 * The checkpoint as an opaque, URL-safe string (the API's consistency token).
 * Versioned (`c1.`) so the format can change without misreading old tokens.
 */
export function encodeCheckpoint(checkpoint: Checkpoint): string {
  return `c1.${checkpoint.transactionId.toString(36)}.${checkpoint.globalPosition.toString(36)}`;
}

/** Reads a token made by {@link encodeCheckpoint}; throws `INVALID_CHECKPOINT` on anything else. */
export function decodeCheckpoint(token: string): Checkpoint {
  const match = TOKEN.exec(token);
  if (!match) throw new InvalidCheckpointError(token);
  return { transactionId: parseBase36(match[1]!), globalPosition: parseBase36(match[2]!) };
}

// BigInt() only parses decimal and 0x/0o/0b literals, so base 36 is summed digit by digit.
function parseBase36(digits: string): bigint {
  let value = 0n;
  for (const digit of digits) value = value * 36n + BigInt(Number.parseInt(digit, 36));
  return value;
}
