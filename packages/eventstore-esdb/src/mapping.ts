import { createHash } from 'node:crypto';
import {
  type AllStreamRecordedEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  START as ESDB_START,
  type RecordedEvent as EsdbRecordedEvent,
  NO_STREAM,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import {
  type Checkpoint,
  compareCheckpoints,
  type EventMetadata,
  type JsonObject,
  type RecordedEvent,
  START,
} from '@support-engine/eventstore';
import { z } from 'zod';

/**
 * The metadata key under which this adapter keeps what EventStoreDB has no field for:
 * schema version, the clock's `recordedAt` (so "as of" reads use the caller's time) and the
 * chain hash. It is stripped from the metadata callers see.
 */
export const ENVELOPE_KEY = '$supportEngine';

const Envelope = z.object({ schemaVersion: z.number().int().min(1), recordedAt: z.iso.datetime(), hash: z.string() });
export type Envelope = z.infer<typeof Envelope>;

/** Streams that record command results for idempotency; hidden from global reads. */
export const COMMAND_STREAM_PREFIX = 'support-engine-command-';

/** Checkpoint pair of an EventStoreDB log position: commit first, then prepare. */
export function toCheckpoint(position: Position): Checkpoint {
  return { transactionId: position.commit, globalPosition: position.prepare };
}

/** Where to start reading `$all` so that the event at `after` is the first one (or skipped). */
export function toReadPosition(after: Checkpoint): ReadPosition {
  return compareCheckpoints(after, START) === 0
    ? ESDB_START
    : { commit: after.transactionId, prepare: after.globalPosition };
}

/** Our 1-based version of the stream's head as EventStoreDB's expected revision (0-based). */
export function toExpectedRevision(version: number): AppendExpectedRevision {
  return version === 0 ? NO_STREAM : BigInt(version - 1);
}

/** EventStoreDB's current revision as our version (0 = no stream). */
export function fromCurrentRevision(revision: CurrentRevision): number {
  return revision === NO_STREAM ? 0 : Number(revision) + 1;
}

/**
 * A deterministic event id for the `index`th event of a command, so that EventStoreDB's own
 * idempotency check recognises a retried write of the same command (a UUID with version 8).
 */
export function eventId(commandId: string, index: number): string {
  const hex = createHash('sha256').update(`${commandId}\u0000${index}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** True for events that are not the application's: system events and command records. */
export function isInternal(event: EsdbRecordedEvent): boolean {
  return (
    event.type.startsWith('$') || event.streamId.startsWith('$') || event.streamId.startsWith(COMMAND_STREAM_PREFIX)
  );
}

/**
 * Maps an EventStoreDB event to the port's shape. Events written by other tools (no envelope)
 * read as schema version 1 recorded at their creation time, with an empty hash.
 */
export function toRecordedEvent(event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  const { [ENVELOPE_KEY]: rawEnvelope, ...metadata } = (event.metadata ?? {}) as Record<string, unknown>;
  const envelope = Envelope.safeParse(rawEnvelope);
  const position = event.position ?? { commit: 0n, prepare: 0n };
  return {
    streamId: event.streamId,
    streamVersion: Number(event.revision) + 1,
    type: event.type,
    schemaVersion: envelope.success ? envelope.data.schemaVersion : 1,
    data: event.data as JsonObject,
    metadata: metadata as EventMetadata,
    recordedAt: envelope.success ? new Date(envelope.data.recordedAt) : event.created,
    checkpoint: toCheckpoint(position),
    hash: envelope.success ? envelope.data.hash : '',
  };
}
