import type { Checkpoint } from './checkpoint.js';
import type { ExpectedVersion } from './stream-version.js';

export type { Checkpoint } from './checkpoint.js';

/** A JSON value as the store keeps it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object: the shape of every event's data and metadata. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Who and what caused an event. The command handler fills actor and command id; other keys
 * (any JSON) are kept as they are.
 */
export interface EventMetadata {
  actorId?: string;
  actorRole?: string;
  commandId?: string;
  /** The digest of the command (see `commandDigest`), on events written by the command handler. */
  commandDigest?: string;
  causationId?: string;
  correlationId?: string;
  reason?: string;
  [key: string]: JsonValue | undefined;
}

/** An event to append. */
export interface NewEvent {
  type: string;
  /** A JSON object; properties whose value is `undefined` are dropped, as JSON does. */
  data: unknown;
  /** The schema version the data was written with; 1 when omitted. */
  schemaVersion?: number;
  metadata?: EventMetadata;
}

/** An event as the store recorded it. */
export interface RecordedEvent {
  readonly streamId: string;
  /** 1-based: the first event of a stream has version 1. */
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
  readonly checkpoint: Checkpoint;
  /** Per-stream hash chain link: a digest of the previous event's hash and this event. */
  readonly hash: string;
}

export type { ExpectedVersion } from './stream-version.js';

/** Options of {@link EventStore.append}. */
export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /**
   * Idempotency key. A command id seen before makes the append return the original result
   * with `duplicate: true` and write nothing, even if the expected version is now stale, as long
   * as it is the same command: the same stream and, when both appends carry one, the same
   * `commandDigest`. Otherwise it throws `IdempotencyKeyReusedError` and writes nothing.
   */
  commandId?: string;
  /**
   * What the command was (its digest, by `commandDigest` in `command-digest.ts`), stored with the
   * command id so that a reuse of the id for another command is refused.
   */
  commandDigest?: string;
}

/** Outcome of an append (or of the original append, for a duplicate). */
export interface AppendResult {
  /** The stream's version after the append: the version of the last event written. */
  readonly streamVersion: number;
  /** Checkpoint of the last event written: a consistency token for read-your-writes. */
  readonly checkpoint: Checkpoint;
  readonly duplicate: boolean;
}

/** Options of {@link EventStore.readStream}; bounds are inclusive and may lie past any version (a page past the end is empty). */
export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
  /** Only events recorded at or before this instant ("the stream as of"). */
  asOf?: Date;
}

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Most events returned; the caller pages by passing the last event's checkpoint. */
  limit: number;
}

/** Called once per event, in log order; the next event waits for the returned promise. */
export type EventHandler = (event: RecordedEvent) => void | Promise<void>;

/** Options of {@link EventStore.subscribe}. */
export interface SubscribeOptions {
  /** Ends the subscription; `subscribe` then resolves. */
  signal: AbortSignal;
}

/**
 * The event log. Every adapter (PostgreSQL, EventStoreDB, in-memory) passes the same
 * contract test suite, so callers can rely on these semantics whichever one they hold.
 */
export interface EventStore {
  /**
   * Appends events atomically to one stream, if it is at the expected version.
   * Throws `ConcurrencyError` (nothing written) on a version mismatch and
   * `InvalidAppendError` for an empty batch or malformed input.
   */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;

  /** The stream's events in version order; an empty array for a stream without events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Up to `limit` events after `after`, in checkpoint order. Gap-safe: an event never shows
   * up behind a checkpoint a reader has already passed, so checkpointing the last event
   * returned never loses one that commits late.
   */
  readAll(after: Checkpoint, options: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Whether the log has come as far as `checkpoint`. `false` only when no append of this store
   * can have answered it (a made-up consistency token, or one from another deployment), so a
   * reader need not wait for it; `true` does not promise the event is readable yet.
   */
  hasReached(checkpoint: Checkpoint): Promise<boolean>;

  /**
   * Delivers every event after `after` to `handler`, in order, first the backlog and then
   * live events, until `signal` aborts (resolves) or the handler throws (rejects).
   */
  subscribe(after: Checkpoint, handler: EventHandler, options: SubscribeOptions): Promise<void>;

  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * What is wrong at the first bad event of a stream:
 * - `altered`: its content (after its predecessor's hash) no longer gives its hash, or its hash is not
 *   the one sealed for it;
 * - `missing`: a sealed event is gone while later ones remain;
 * - `truncated`: the stream (or the log) ends before its sealed head: its tail was deleted;
 * - `broken_link`: it does not follow the event before it (unsealed predecessors removed);
 * - `bad_seal`: a line of the seal file itself fails its signature or its link (`firstBadVersion` is the line).
 */
export type IntegrityProblem = 'altered' | 'missing' | 'truncated' | 'broken_link' | 'bad_seal';

/** Where a stream's history first goes wrong. */
export interface ChainBreak {
  readonly streamId: string;
  readonly firstBadVersion: number;
  /** The event's global position (as stored, else as sealed); `null` when neither is known. */
  readonly globalPosition: bigint | null;
  readonly problem: IntegrityProblem;
  /** One sentence for a person: what is wrong there. */
  readonly detail: string;
  /** The hash (or previous-hash link) the chain or the seal requires at that version. */
  readonly expected: string;
  /** What the stored row holds instead (`(none)` for a missing row). */
  readonly actual: string;
}

/** How much of what was verified is covered by seals. */
export interface SealCoverage {
  /**
   * Events appended after the last seal of their stream: checked by the hash chain only, so
   * reported as not yet sealed (not as tampering). Every event when no seals are configured.
   */
  readonly unsealedEvents: number;
  /** When the newest seal was made; `null` without seals. */
  readonly lastSealedAt: Date | null;
}

/** Result of verifying one stream: its chain and its seals. */
export type StreamVerification = ({ readonly ok: true } | ({ readonly ok: false } & ChainBreak)) & SealCoverage;

/** Result of verifying every stream (and the log's sealed head). */
export type StoreVerification = (
  | { readonly ok: true }
  | { readonly ok: false; readonly breaks: readonly ChainBreak[] }
) &
  SealCoverage;
