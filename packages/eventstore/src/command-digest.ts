import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { JsonValue } from './port.js';

/**
 * What identifies a command for idempotency: SHA-256 over the canonical JSON of the command (its
 * type and data), read as JSON would (`undefined` dropped). Neither the decided events nor the
 * actor are part of it: a retry decided later may record another instant, and ids derived from a
 * cause (a reservation's cancellation, a follow-up ticket) are issued by whoever finds the cause
 * first, the router or the API, as the same command.
 */
export function commandDigest(command: unknown): string {
  const json = JSON.parse(JSON.stringify(command ?? null)) as JsonValue;
  return createHash('sha256').update(canonicalJson(json)).digest('hex');
}
