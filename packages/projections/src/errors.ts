import type { Checkpoint } from '@support-engine/eventstore';

/**
 * Every way the projections package refuses or stops, as a stable machine-readable code.
 * Add, never rename: the API and the CLI map them.
 */
export const PROJECTION_ERROR_CODES = [
  'UNREADABLE_EVENT',
  'CHECKPOINT_CONFLICT',
  'PROJECTION_LOCK_LOST',
  'WAIT_TIMEOUT',
  'REPLAY_LIMIT_EXCEEDED',
  'INVALID_SEARCH',
  'WHAT_IF_TOO_LARGE',
] as const;
export type ProjectionErrorCode = (typeof PROJECTION_ERROR_CODES)[number];

/** Base class of every error this package throws on purpose. */
export class ProjectionError extends Error {
  override readonly name: string = 'ProjectionError';
  constructor(
    readonly code: ProjectionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Where an event sits: what an operator needs to find it in the log. */
export interface EventLocation {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly checkpoint: Checkpoint;
}

/**
 * An event the projection cannot read: unknown type, unsupported schema version, or data
 * that does not match its schema. The projector stops on it rather than skip it, so the
 * read models never silently diverge from the log.
 */
export class UnreadableEventError extends ProjectionError {
  override readonly name = 'UnreadableEventError';
  constructor(
    readonly projection: string,
    readonly event: EventLocation,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(
      'UNREADABLE_EVENT',
      `Projection "${projection}" stopped at ${event.streamId}@${event.streamVersion} ` +
        `(${event.type} v${event.schemaVersion}, transaction ${event.checkpoint.transactionId}, ` +
        `position ${event.checkpoint.globalPosition}): ${reason}`,
      { cause },
    );
  }
}

/** Another projector advanced the checkpoint first; the batch was rolled back. */
export class CheckpointConflictError extends ProjectionError {
  override readonly name = 'CheckpointConflictError';
  constructor(readonly projection: string) {
    super('CHECKPOINT_CONFLICT', `Projection "${projection}" checkpoint moved under this projector; batch rolled back`);
  }
}

/** The connection holding the projection's advisory lock was lost; the projector stops applying. */
export class ProjectionLockLostError extends ProjectionError {
  override readonly name = 'ProjectionLockLostError';
  constructor(
    readonly projection: string,
    cause?: unknown,
  ) {
    super('PROJECTION_LOCK_LOST', `Projection "${projection}" lost its advisory lock connection`, { cause });
  }
}

/** A read-your-writes wait gave up before the projection reached the checkpoint. */
export class WaitTimeoutError extends ProjectionError {
  override readonly name = 'WaitTimeoutError';
  constructor(
    readonly projection: string,
    readonly target: Checkpoint,
    readonly reached: Checkpoint,
    readonly timeoutMs: number,
  ) {
    super(
      'WAIT_TIMEOUT',
      `Projection "${projection}" did not reach transaction ${target.transactionId} position ` +
        `${target.globalPosition} within ${timeoutMs} ms`,
    );
  }
}

/** An as-of read would fold more events than the caller allowed; it read them but folded none. */
export class ReplayLimitError extends ProjectionError {
  override readonly name = 'ReplayLimitError';
  constructor(
    readonly streamId: string,
    readonly events: number,
    readonly limit: number,
  ) {
    super(
      'REPLAY_LIMIT_EXCEEDED',
      `Reading ${streamId} as of that instant replays ${events} events; at most ${limit} may be`,
    );
  }
}

/** A what-if would replay more tickets, or more of their events, than one request may. */
export class WhatIfTooLargeError extends ProjectionError {
  override readonly name = 'WhatIfTooLargeError';
  constructor(
    readonly what: 'tickets' | 'events',
    readonly limit: number,
  ) {
    super('WHAT_IF_TOO_LARGE', `The what-if would replay more than ${limit} ${what}, the limit: ask a shorter period`);
  }
}

/** A knowledge-base search or autocomplete asked with no words, or far more than a search box holds. */
export class InvalidSearchError extends ProjectionError {
  override readonly name = 'InvalidSearchError';
  constructor(
    readonly field: 'text' | 'prefix',
    readonly reason: string,
  ) {
    super('INVALID_SEARCH', `The search ${field} ${reason}`);
  }
}

/** True for a {@link CheckpointConflictError}. */
export function isCheckpointConflict(error: unknown): error is CheckpointConflictError {
  return error instanceof ProjectionError && error.code === 'CHECKPOINT_CONFLICT';
}
