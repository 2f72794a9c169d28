import type { ColumnType, Generated } from 'kysely';

/**
 * The event store's tables as kysely sees them. Bigint and xid8 columns are read as text
 * (pg returns int8 as a string; xid8 has no parser) and converted to `bigint` by the adapter.
 */
export interface EventStoreTables {
  events: EventsTable;
  event_streams: EventStreamsTable;
  event_commands: EventCommandsTable;
}

/** One row per event; rows are never updated or deleted (a trigger forbids it). */
export interface EventsTable {
  global_position: Generated<string>;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: ColumnType<unknown, string, never>;
  /**
   * Without `commandId` and `commandDigest` when `command_in_metadata` (since 0005), without
   * `actorId` and `actorRole` when `actor_id` is set and NULL when nothing else is left (since 0008):
   * read it through the SQL function `event_metadata`, which puts them back.
   */
  metadata: ColumnType<unknown, string | null, never>;
  recorded_at: Date;
  transaction_id: Generated<string>;
  /**
   * The event's SHA-256 chain hash in hex, as rows appended before migration 0006 hold it until
   * converted; since 0006 it is in `hash_sha256`. Read either through `event_hash_text`.
   */
  hash: ColumnType<string | null, never, never>;
  /** The event's chain hash as its 32 bytes (since 0006). */
  hash_sha256: ColumnType<Buffer | null, never, never>;
  /** On the last event of an append made with a command id (since migration 0003); unique. */
  command_id: ColumnType<string | null, string | null | undefined, never>;
  /**
   * Beside `command_id`: the digest of the command, to refuse the id's reuse for another (since
   * 0004); since 0005 only a digest that is not SHA-256 in hex (read both through `event_command_digest`).
   */
  command_digest: ColumnType<string | null, string | null | undefined, never>;
  /** Beside `command_id`: a SHA-256 hex digest as its 32 bytes (since 0005). */
  command_sha256: ColumnType<Buffer | null, Buffer | null | undefined, never>;
  /** True when the metadata's `commandId` and `commandDigest` are stored in the command columns only (since 0005). */
  command_in_metadata: ColumnType<boolean | null, boolean | null | undefined, never>;
  /** The metadata's `actorId` when it and `actorRole` are strings, stored here only (since 0008). */
  actor_id: ColumnType<string | null, string | null | undefined, never>;
  /** Beside `actor_id`: the metadata's `actorRole` (since 0008). */
  actor_role: ColumnType<string | null, string | null | undefined, never>;
}

/**
 * The head of each stream as of migration 0002. Not written since 0003: the head is the stream's
 * last event, and the unique (stream_id, stream_version) index serialises appends.
 */
export interface EventStreamsTable {
  stream_id: string;
  version: number;
  last_hash: string | null;
}

/**
 * Every append made with a command id before migration 0003, for idempotent retries: the stream
 * and the version of its last event (whose checkpoint is the duplicate's answer). Since 0003 the
 * command id is stored on that event instead (`events.command_id`); this table is only read.
 */
export interface EventCommandsTable {
  command_id: string;
  stream_id: string;
  stream_version: number | null;
  /** Only filled by appends from before migration 0002; read the command's last event instead. */
  transaction_id: string | null;
  /** Only filled by appends from before migration 0002; read the command's last event instead. */
  global_position: string | null;
}
