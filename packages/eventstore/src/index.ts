/**
 * The event log of the support engine: the {@link EventStore} port, its PostgreSQL and in-memory
 * stores, and the command handler that runs deciders on it. The EventStoreDB store is the
 * `@support-engine/eventstore-esdb` package; `@support-engine/eventstore/adapter` is what a store
 * is built from.
 */
export { type Checkpoint, compareCheckpoints, decodeCheckpoint, encodeCheckpoint, START } from './checkpoint.js';
export { commandDigest } from './command-digest.js';
export {
  type CommandHandler,
  type CommandHandlerOptions,
  commandOutcome,
  createCommandHandler,
  type DomainEvent,
  type HandleRequest,
  type HandleResult,
} from './command-handler.js';
export {
  ConcurrencyError,
  EVENT_STORE_ERROR_CODES,
  EventStoreError,
  type EventStoreErrorCode,
  IdempotencyKeyReusedError,
  InvalidAppendError,
  InvalidCheckpointError,
  isConcurrencyError,
  isIdempotencyKeyReusedError,
  StreamNotFoundError,
} from './errors.js';
export { createMemoryEventStore, type MemoryEventStoreOptions } from './memory/memory-event-store.js';
export type {
  AppendOptions,
  AppendResult,
  ChainBreak,
  EventHandler,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  IntegrityProblem,
  JsonObject,
  JsonValue,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SealCoverage,
  StoreVerification,
  StreamVerification,
  SubscribeOptions,
} from './port.js';
export {
  advanceCheckpoint,
  type CheckpointRow,
  checkpointColumns,
  checkpointOfRow,
  createCheckpointTable,
} from './postgres/checkpoint-table.js';
export { migrateEventStore, NOTIFY_CHANNEL } from './postgres/migrations.js';
export { type ListenerHandlers, NotificationListener, waking } from './postgres/notifications.js';
export {
  createPostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
  SEAL_FILE_STREAM,
  type SealVerification,
} from './postgres/postgres-event-store.js';
export type { EventStoreTables } from './postgres/schema.js';
export { SessionLock } from './postgres/session-lock.js';
export * from './seals/index.js';
export { DEFAULT_STATE_CACHE, type StateCacheOptions } from './state-cache.js';
export { MAX_COMMAND_ID_LENGTH, MAX_EVENTS_PER_APPEND } from './validation.js';
export { Waker } from './waker.js';
