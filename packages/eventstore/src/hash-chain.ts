import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { EventMetadata, JsonObject } from './port.js';

/** The fields of an event that its chain hash covers. */
export interface HashedEvent {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
}

/**
 * The chain hash of an event, for adapters that hash in JavaScript (in-memory, EventStoreDB):
 * SHA-256 over the previous hash and a canonical JSON form (sorted keys) of the event.
 * The PostgreSQL adapter computes its chain in SQL instead, so it can be re-verified in place.
 */
export function chainHash(previousHash: string | null, event: HashedEvent): string {
  const canonical = canonicalJson([
    previousHash,
    event.streamId,
    event.streamVersion,
    event.type,
    event.schemaVersion,
    event.data,
    event.metadata as JsonObject,
    event.recordedAt.getTime(),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
