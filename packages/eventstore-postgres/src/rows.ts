import type { EventMetadata, JsonObject, RecordedEvent } from '@support-engine/eventstore';
import { type Kysely, sql } from 'kysely';
import type { EventStoreTables } from './schema.js';

/**
 * A query over `events` selecting what {@link toRecordedEvent} needs. The bigint-like columns
 * are cast to text under other names, so `ORDER BY transaction_id` still sorts the xid8 column.
 */
export function selectEvents(db: Kysely<EventStoreTables>) {
  return db.selectFrom('events').select([
    'stream_id',
    'stream_version',
    'type',
    'schema_version',
    'data',
    // As appended: since 0005 the command's keys, since 0008 the actor, may be stored in columns only.
    sql<unknown>`event_metadata(metadata, command_in_metadata, command_id, command_sha256, actor_id, actor_role)`.as(
      'metadata',
    ),
    'recorded_at',
    // In hex, from either column (since 0006 the 32 bytes; rows not yet converted, the text).
    sql<string>`event_hash_text(hash_sha256, hash)`.as('hash'),
    sql<string>`transaction_id::text`.as('transaction_text'),
    sql<string>`global_position::text`.as('position_text'),
  ]);
}

/** A row of {@link selectEvents}. */
export type StreamRow = Awaited<ReturnType<ReturnType<typeof selectEvents>['execute']>>[number];

/** Maps a row of {@link selectEvents} to the port's shape. */
export function toRecordedEvent(row: StreamRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data as JsonObject,
    metadata: row.metadata as EventMetadata,
    recordedAt: row.recorded_at,
    checkpoint: { transactionId: BigInt(row.transaction_text), globalPosition: BigInt(row.position_text) },
    hash: row.hash,
  };
}
