import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  StreamNotFoundError as EsdbStreamNotFoundError,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  type JSONType,
  jsonEvent,
  NO_STREAM,
  type ResolvedEvent,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  type AppendOptions,
  type AppendResult,
  type Checkpoint,
  ConcurrencyError,
  compareCheckpoints,
  type EventHandler,
  type EventStore,
  InvalidAppendError,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  START,
  type SubscribeOptions,
} from '@support-engine/eventstore';
import {
  assertExpectedVersion,
  assertSameCommand,
  chainHash,
  type RecordedCommand,
  type ValidAppend,
  validateAppend,
} from '@support-engine/eventstore/adapter';
import { z } from 'zod';
import {
  COMMAND_STREAM_PREFIX,
  ENVELOPE_KEY,
  type Envelope,
  eventId,
  fromCurrentRevision,
  isInternal,
  toCheckpoint,
  toExpectedRevision,
  toReadPosition,
  toRecordedEvent,
} from './mapping.js';

/** Options of {@link createEventStoreDBEventStore}. */
export interface EventStoreDBEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`. */
  connectionString: string;
  /** Source of `recordedAt`; the system clock by default. */
  clock?: () => Date;
}

/**
 * The {@link EventStore} port over EventStoreDB. Versions map to revisions (minus one),
 * checkpoints to `(commit, prepare)` positions. Because EventStoreDB has no hash chain,
 * no `recorded_at` of our choosing and no multi-stream transactions, the adapter keeps
 * schema version, time and hash in a metadata envelope, and records each command's result
 * in a stream of its own after the events. A crash between those two writes leaves a
 * retried command to EventStoreDB's event-id idempotency (ids derive from the command id).
 */
export function createEventStoreDBEventStore(options: EventStoreDBEventStoreOptions): EventStore {
  return new EventStoreDBEventStore(EventStoreDBClient.connectionString(options.connectionString), options.clock);
}

// streamId and digest are absent from records written before reused ids were refused.
const CommandRecord = z.object({
  streamVersion: z.number(),
  commit: z.string(),
  prepare: z.string(),
  streamId: z.string().optional(),
  digest: z.string().optional(),
});

// 'any' and 'stream_exists' appends are re-based on the head they read (to extend the hash
// chain exactly), so losing a race to another writer is retried rather than reported.
const MAX_REBASES = 10;

class EventStoreDBEventStore implements EventStore {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const valid = validateAppend(streamId, events, options);
    if (streamId.startsWith(COMMAND_STREAM_PREFIX)) {
      throw new InvalidAppendError(`Stream ids starting with "${COMMAND_STREAM_PREFIX}" are reserved`, [
        { path: 'streamId', message: 'reserved prefix' },
      ]);
    }
    const { commandId, commandDigest, expectedVersion } = valid.options;
    if (commandId !== undefined) {
      const original = await this.#commandResult(commandId, streamId, commandDigest);
      if (original) return original;
    }
    for (let rebase = 0; ; rebase++) {
      const head = await this.#head(streamId);
      assertExpectedVersion(streamId, expectedVersion, head.version);
      try {
        const result = await this.#write(valid, head);
        if (commandId !== undefined) await this.#recordCommand(commandId, result, { streamId, digest: commandDigest });
        return result;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const retryable = (expectedVersion === 'any' || expectedVersion === 'stream_exists') && rebase < MAX_REBASES;
        if (!retryable) throw new ConcurrencyError(streamId, expectedVersion, fromCurrentRevision(error.actualVersion));
      }
    }
  }

  async #write(valid: ValidAppend, head: { version: number; hash: string | null }): Promise<AppendResult> {
    const recordedAt = this.clock();
    let previousHash = head.hash;
    const data = valid.events.map((event, index) => {
      const streamVersion = head.version + index + 1;
      const hash = chainHash(previousHash, { streamId: valid.streamId, streamVersion, recordedAt, ...event });
      previousHash = hash;
      const envelope: Envelope = { schemaVersion: event.schemaVersion, recordedAt: recordedAt.toISOString(), hash };
      const commandId = valid.options.commandId;
      return jsonEvent({
        id: commandId === undefined ? randomUUID() : eventId(commandId, index),
        type: event.type,
        data: event.data as JSONType,
        metadata: { ...event.metadata, [ENVELOPE_KEY]: envelope },
      });
    });
    const result = await this.client.appendToStream(valid.streamId, data, {
      expectedRevision: toExpectedRevision(head.version),
    });
    if (!result.position) throw new Error('EventStoreDB did not report a log position (server older than 22.6?)');
    return {
      streamVersion: Number(result.nextExpectedRevision) + 1,
      checkpoint: toCheckpoint(result.position),
      duplicate: false,
    };
  }

  /** The stream's version and last hash, from its last event. */
  async #head(streamId: string): Promise<{ version: number; hash: string | null }> {
    const [last] = await this.#collect(
      this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
    );
    return last ? { version: last.streamVersion, hash: last.hash } : { version: 0, hash: null };
  }

  /** The original result of `commandId`, if it ran; throws if it ran as another command. */
  async #commandResult(commandId: string, streamId: string, digest?: string): Promise<AppendResult | undefined> {
    const [record] = await this.#collect(this.client.readStream(COMMAND_STREAM_PREFIX + commandId, { maxCount: 1 }));
    if (!record) return undefined;
    const recorded = CommandRecord.parse(record.data);
    const { streamVersion, commit, prepare } = recorded;
    // An old record without its stream can only be compared by digest, which it lacks too.
    assertSameCommand(commandId, streamId, digest, {
      streamId: recorded.streamId ?? streamId,
      digest: recorded.digest,
    });
    return {
      streamVersion,
      checkpoint: toCheckpoint({ commit: BigInt(commit), prepare: BigInt(prepare) }),
      duplicate: true,
    };
  }

  async #recordCommand(commandId: string, result: AppendResult, command: RecordedCommand): Promise<void> {
    const record = {
      ...command,
      streamVersion: result.streamVersion,
      commit: result.checkpoint.transactionId.toString(),
      prepare: result.checkpoint.globalPosition.toString(),
    };
    try {
      await this.client.appendToStream(
        COMMAND_STREAM_PREFIX + commandId,
        jsonEvent({ type: 'CommandRecorded', data: record }),
        {
          expectedRevision: NO_STREAM,
        },
      );
    } catch (error) {
      // A concurrent run of the same command recorded first; its record stands.
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { fromVersion = 1, toVersion, asOf } = options;
    const maxCount = toVersion === undefined ? undefined : Math.max(0, toVersion - fromVersion + 1);
    if (maxCount === 0) return [];
    const events = await this.#collect(
      this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: BigInt(Math.max(0, fromVersion - 1)),
        ...(maxCount === undefined ? {} : { maxCount }),
      }),
    );
    return asOf === undefined ? events : events.filter((event) => event.recordedAt.getTime() <= asOf.getTime());
  }

  /** Reads a stream to the end; a stream that does not exist reads as empty. */
  async #collect(read: AsyncIterable<ResolvedEvent>): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) if (resolved.event) events.push(toRecordedEvent(resolved.event));
    } catch (error) {
      if (!(error instanceof EsdbStreamNotFoundError)) throw error;
    }
    return events;
  }

  /** `$all` is one totally ordered log, so reading it in order is gap-safe as it is. */
  async readAll(after: Checkpoint, options: ReadAllOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    if (options.limit <= 0) return events;
    // Reading from a position includes the event at it, and system events are interleaved,
    // so the read is open-ended and stops once `limit` application events were collected.
    for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: toReadPosition(after) })) {
      const event = resolved.event;
      if (!event || isInternal(event)) continue;
      const recorded = toRecordedEvent(event);
      if (compareCheckpoints(recorded.checkpoint, after) <= 0) continue;
      events.push(recorded);
      if (events.length >= options.limit) break;
    }
    return events;
  }

  /** `$all`'s last record, system ones included: every answered append is at or before it. */
  async hasReached(checkpoint: Checkpoint): Promise<boolean> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      if (resolved.event) return compareCheckpoints(checkpoint, toCheckpoint(resolved.event.position)) <= 0;
    }
    return compareCheckpoints(checkpoint, START) <= 0;
  }

  async subscribe(after: Checkpoint, handler: EventHandler, options: SubscribeOptions): Promise<void> {
    const { signal } = options;
    if (signal.aborted) return;
    const subscription = this.client.subscribeToAll({
      fromPosition: toReadPosition(after),
      filter: excludeSystemEvents(),
    });
    const stop = () => void subscription.unsubscribe();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription) {
        if (signal.aborted) break;
        const event = resolved.event;
        if (!event || isInternal(event)) continue;
        const recorded = toRecordedEvent(event);
        if (compareCheckpoints(recorded.checkpoint, after) > 0) await handler(recorded);
      }
    } finally {
      signal.removeEventListener('abort', stop);
      await subscription.unsubscribe();
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
