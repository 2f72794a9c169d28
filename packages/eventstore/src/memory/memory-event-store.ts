import { type Checkpoint, compareCheckpoints, START } from '../checkpoint.js';
import { assertExpectedVersion } from '../expected-version.js';
import { chainHash } from '../hash-chain.js';
import { assertSameCommand, type RecordedCommand } from '../idempotency.js';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../port.js';
import { runPollingSubscription } from '../subscription.js';
import { validateAppend } from '../validation.js';
import { Waker } from '../waker.js';

/** Options of {@link createMemoryEventStore}. */
export interface MemoryEventStoreOptions {
  /** Source of `recordedAt`; the system clock by default. */
  clock?: () => Date;
}

/**
 * An {@link EventStore} in process memory with the same semantics as the PostgreSQL adapter
 * (it passes the same contract suite), for fast unit tests and for embedding the domain.
 * Every append is its own "transaction", so checkpoints are `(append number, event number)`.
 */
export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): EventStore {
  return new MemoryEventStore(options.clock ?? (() => new Date()));
}

class MemoryEventStore implements EventStore {
  readonly #log: RecordedEvent[] = [];
  readonly #streams = new Map<string, RecordedEvent[]>();
  readonly #commands = new Map<string, { result: AppendResult; command: RecordedCommand }>();
  readonly #waker = new Waker();
  #transactions = 0n;

  constructor(readonly clock: () => Date) {}

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const valid = validateAppend(streamId, events, options);
    const { commandId, commandDigest, expectedVersion } = valid.options;
    const original = commandId === undefined ? undefined : this.#commands.get(commandId);
    if (original) {
      assertSameCommand(commandId!, streamId, commandDigest, original.command);
      return { ...original.result, duplicate: true };
    }

    const stream = this.#streams.get(streamId) ?? [];
    assertExpectedVersion(streamId, expectedVersion, stream.length);

    const transactionId = ++this.#transactions;
    const recordedAt = this.clock();
    let previousHash = stream.at(-1)?.hash ?? null;
    for (const event of valid.events) {
      const fields = { streamId, streamVersion: stream.length + 1, recordedAt, ...event };
      const hash = chainHash(previousHash, fields);
      const checkpoint = { transactionId, globalPosition: BigInt(this.#log.length + 1) };
      const recorded: RecordedEvent = { ...fields, checkpoint, hash };
      stream.push(recorded);
      this.#log.push(recorded);
      previousHash = hash;
    }
    this.#streams.set(streamId, stream);

    const result = { streamVersion: stream.length, checkpoint: stream.at(-1)!.checkpoint, duplicate: false };
    if (commandId !== undefined)
      this.#commands.set(commandId, { result, command: { streamId, digest: commandDigest } });
    this.#waker.notify();
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { fromVersion = 1, toVersion = Number.POSITIVE_INFINITY, asOf } = options;
    const events = (this.#streams.get(streamId) ?? []).filter(
      (event) =>
        event.streamVersion >= fromVersion &&
        event.streamVersion <= toVersion &&
        (asOf === undefined || event.recordedAt.getTime() <= asOf.getTime()),
    );
    return structuredClone(events);
  }

  async readAll(after: Checkpoint, options: ReadAllOptions): Promise<RecordedEvent[]> {
    const start = this.#log.findIndex((event) => compareCheckpoints(event.checkpoint, after) > 0);
    return start < 0 ? [] : structuredClone(this.#log.slice(start, start + options.limit));
  }

  async hasReached(checkpoint: Checkpoint): Promise<boolean> {
    return compareCheckpoints(checkpoint, this.#log.at(-1)?.checkpoint ?? START) <= 0;
  }

  subscribe(after: Checkpoint, handler: EventHandler, options: SubscribeOptions): Promise<void> {
    const source = { read: this.readAll.bind(this), waker: this.#waker, pollIntervalMs: 1000, batchSize: 100 };
    return runPollingSubscription(source, after, handler, options.signal);
  }

  async close(): Promise<void> {}
}
