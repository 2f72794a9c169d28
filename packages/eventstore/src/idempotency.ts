import { IdempotencyKeyReusedError } from './errors.js';

/** What an adapter keeps of an append made with a command id, to recognise a retry of it. */
export interface RecordedCommand {
  readonly streamId: string;
  /** Absent for appends that carried no digest (and records from before digests). */
  readonly digest?: string | undefined;
}

/**
 * Throws {@link IdempotencyKeyReusedError} unless an append of `streamId` with `digest` is the
 * command recorded under `commandId`: the same stream and, when both carry one, the same digest.
 * The PostgreSQL adapter runs the same rule inside its append function.
 */
export function assertSameCommand(
  commandId: string,
  streamId: string,
  digest: string | undefined,
  recorded: RecordedCommand,
): void {
  const sameDigest = digest === undefined || recorded.digest === undefined || digest === recorded.digest;
  if (recorded.streamId !== streamId || !sameDigest) throw new IdempotencyKeyReusedError(commandId, streamId);
}
