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
  metadata: ColumnType<unknown, string, never>;
  recorded_at: Date;
  transaction_id: Generated<string>;
  prev_hash: string | null;
  hash: string;
}

/** The head of each stream: its version and last hash. Its row lock serialises appends. */
export interface EventStreamsTable {
  stream_id: string;
  version: number;
  last_hash: string | null;
}

/**
 * Every append made with a command id, for idempotent retries: the stream and the version of
 * its last event (whose checkpoint is the duplicate's answer).
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
