/**
 * The event log of the support engine: the {@link EventStore} port, its in-memory store, and the
 * command handler that runs deciders on it. The stores of real databases are packages of their
 * own (`@support-engine/eventstore-postgres`, `@support-engine/eventstore-esdb`), built from
 * `@support-engine/eventstore/adapter`.
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
export { assertSameCommand, type RecordedCommand } from './idempotency.js';
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
export * from './seals/index.js';
export { DEFAULT_STATE_CACHE, type StateCacheOptions } from './state-cache.js';
export { MAX_COMMAND_ID_LENGTH, MAX_EVENTS_PER_APPEND } from './validation.js';
export { Waker } from './waker.js';
