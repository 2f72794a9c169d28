/**
 * The PostgreSQL store of the event log: append through one function, gap-safe reads, LISTEN/NOTIFY
 * wake-ups, integrity verification with seals, and the tables and locks the engine's processes
 * keep beside it (checkpoints, session locks).
 */
export {
  advanceCheckpoint,
  type CheckpointRow,
  checkpointColumns,
  checkpointOfRow,
  createCheckpointTable,
} from './checkpoint-table.js';
export { migrateEventStore, NOTIFY_CHANNEL } from './migrations.js';
export { type ListenerHandlers, NotificationListener, waking } from './notifications.js';
export {
  type Connection,
  CURSOR_PREFIX,
  createdBefore,
  decodeCursor,
  decodeRankedCursor,
  EMPTY_CONNECTION,
  encodeCursor,
  encodeRankedCursor,
  InvalidCursorError,
  InvalidPageSizeError,
  idLength,
  type Keyset,
  MAX_PAGE_SIZE,
  type Page,
  PagingError,
  type PagingErrorCode,
  pageSize,
  type RankedKeyset,
  toConnection,
  toPage,
  toRankedPage,
} from './paging.js';
export { createPool } from './pool.js';
export {
  createPostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
  SEAL_FILE_STREAM,
  type SealVerification,
} from './postgres-event-store.js';
export type { EventStoreTables } from './schema.js';
export { SessionLock } from './session-lock.js';
export { failSpan, inSpan, linksToWriters, withTraceparent } from './tracing.js';
