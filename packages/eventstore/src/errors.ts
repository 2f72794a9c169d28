import type { ExpectedVersion } from './stream-version.js';

/**
 * Every way the event store refuses a call, as a stable machine-readable code.
 * Codes are part of the public contract (the API maps them to `extensions.code`): add, never rename.
 */
export const EVENT_STORE_ERROR_CODES = [
  'CONCURRENCY_CONFLICT',
  'STREAM_NOT_FOUND',
  'INVALID_APPEND',
  'INVALID_CHECKPOINT',
  'IDEMPOTENCY_KEY_REUSED',
] as const;
export type EventStoreErrorCode = (typeof EVENT_STORE_ERROR_CODES)[number];

/** Base class of every error the event store throws on purpose. */
export class EventStoreError extends Error {
  override readonly name: string = 'EventStoreError';

  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/**
 * The stream was not at the expected version; nothing was written.
 * `actualVersion` is the stream's version when the append was refused (0 = no stream).
 */
export class ConcurrencyError extends EventStoreError {
  override readonly name = 'ConcurrencyError';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(
      'CONCURRENCY_CONFLICT',
      `Stream "${streamId}" is at version ${actualVersion}, expected ${String(expectedVersion)}`,
      { streamId, expectedVersion, actualVersion },
    );
  }
}

/** The operation needs a stream that has no events. */
export class StreamNotFoundError extends EventStoreError {
  override readonly name = 'StreamNotFoundError';

  constructor(readonly streamId: string) {
    super('STREAM_NOT_FOUND', `Stream "${streamId}" does not exist`, { streamId });
  }
}

/** The append's input is empty or malformed; `details.issues` lists each problem. */
export class InvalidAppendError extends EventStoreError {
  override readonly name = 'InvalidAppendError';

  constructor(message: string, issues: readonly { path: string; message: string }[]) {
    super('INVALID_APPEND', message, { issues });
  }
}

/** A checkpoint token that this store did not hand out (or that was altered). */
export class InvalidCheckpointError extends EventStoreError {
  override readonly name = 'InvalidCheckpointError';

  constructor(token: string) {
    super('INVALID_CHECKPOINT', `Not a checkpoint token: "${token}"`, { token });
  }
}

/**
 * The command id was already used for a different command: another stream, or (when both appends
 * carry one) another command digest. Nothing was written; a new command needs a new id.
 */
export class IdempotencyKeyReusedError extends EventStoreError {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor(
    readonly commandId: string,
    readonly streamId: string,
  ) {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      `Command id "${commandId}" was already used for a different command; give each new command a new id`,
      { commandId, streamId },
    );
  }
}

/** True for a {@link ConcurrencyError}, whichever copy of this module threw it. */
export function isConcurrencyError(error: unknown): error is ConcurrencyError {
  return error instanceof EventStoreError && error.code === 'CONCURRENCY_CONFLICT';
}

/** True for an {@link IdempotencyKeyReusedError}, whichever copy of this module threw it. */
export function isIdempotencyKeyReusedError(error: unknown): error is IdempotencyKeyReusedError {
  return error instanceof EventStoreError && error.code === 'IDEMPOTENCY_KEY_REUSED';
}
