import { type CommandContext, type Decider, type EventSchemaRegistry, fold } from '@support-engine/domain';
import { type Checkpoint, START } from './checkpoint.js';
import { commandDigest } from './command-digest.js';
import { ConcurrencyError, isConcurrencyError } from './errors.js';
import { assertSameCommand } from './idempotency.js';
import type { AppendResult, EventMetadata, EventStore, RecordedEvent } from './port.js';

/** The shape of every domain event: a type tag and JSON data. */
export interface DomainEvent {
  readonly type: string;
  readonly data: unknown;
}

/** Options of {@link createCommandHandler}. */
export interface CommandHandlerOptions<C, E extends DomainEvent, S> {
  store: EventStore;
  decider: Decider<C, E, S>;
  /** Gives the schema version new events are written with and upcasts stored ones. */
  registry: EventSchemaRegistry;
  /** Attempts before a concurrency conflict is surfaced; 5 by default. */
  maxAttempts?: number;
  /** Base of the exponential backoff between attempts, in ms; 10 by default. */
  backoffMs?: number;
  /** Jitter source in [0, 1); `Math.random` by default. */
  random?: () => number;
  /**
   * Keep each stream's version and folded state in process after handling a command, so the
   * next command on it is decided without reading the stream: one round trip instead of two.
   * Off by default. Requires a pure decider (`decide` and `evolve` must not mutate the state).
   * See {@link StateCacheOptions}.
   */
  cache?: StateCacheOptions;
}

/**
 * The command handler's in-process state cache: a bounded LRU of `(version, state)` per stream.
 *
 * The cache is only an optimisation, never a source of truth: a cached decision is appended with
 * the cached version as the exact expected version, so a stale entry (another process or handler
 * wrote since) makes the append fail with a conflict, and the handler then drops the entry and
 * takes the normal path (read the stream, decide, append). Idempotency stays with the store: a
 * command id it has seen makes the append return the original result whatever the version. A
 * cached decision that writes nothing or throws is not trusted either (the command may be a retry
 * whose original is already in the state): the handler reads the stream and decides again there.
 * Several handlers (or processes) with separate caches on the same streams are therefore safe.
 */
export interface StateCacheOptions {
  /** Most streams kept; the least recently used one is dropped beyond that. A positive integer. */
  maxStreams: number;
}

/** One command to run against one stream. */
export interface HandleRequest<C> {
  streamId: string;
  command: C;
  context: CommandContext;
  /**
   * Idempotency key: running the same command (same stream, type and data) with the same id
   * again returns the first outcome, whoever runs it; using the id for another command throws
   * `IdempotencyKeyReusedError` and writes nothing (unless the target refuses the command anyway,
   * which is reported first).
   */
  commandId: string;
  /** Extra metadata (causation, correlation, reason...); actor, command id and digest are added. */
  metadata?: EventMetadata;
  /**
   * Decide only against the stream at exactly this version: anything else (even a newer
   * version the command would still accept) is a `ConcurrencyError`, never retried. For
   * decisions that were made about that version elsewhere, such as a hand-over whose slot was
   * reserved for the item as it stood then. A repeated command id still returns its first outcome.
   */
  expectedVersion?: number;
  /**
   * With `expectedVersion`: the stream as the caller already read it, up to that version. The
   * command is then decided against it without reading the stream again (one round trip).
   */
  history?: readonly RecordedEvent[];
}

/** What a handled command produced. */
export interface HandleResult<E> {
  /** The events written (for a duplicate, the events the original run wrote). */
  readonly events: readonly E[];
  /** The stream's version after the command. */
  readonly streamVersion: number;
  /** Checkpoint of the last event written, for read-your-writes. */
  readonly checkpoint: Checkpoint;
  readonly duplicate: boolean;
}

/**
 * Runs commands: load, fold, decide, append with the loaded version, retry on conflicts. With
 * a {@link StateCacheOptions cache}, a stream the handler has seen recently is not loaded.
 */
export interface CommandHandler<C, E> {
  /**
   * Handles one command. A `DomainError` from `decide` passes through unchanged and writes
   * nothing; a `ConcurrencyError` is retried by reloading and deciding again, and surfaces
   * only after the last attempt. Stored events that cannot be upcast throw; none is skipped.
   */
  handle(request: HandleRequest<C>): Promise<HandleResult<E>>;
}

/** Creates a {@link CommandHandler} for one decider. */
export function createCommandHandler<C, E extends DomainEvent, S>(
  options: CommandHandlerOptions<C, E, S>,
): CommandHandler<C, E> {
  const { store, decider, registry, maxAttempts = 5, backoffMs = 10, random = Math.random } = options;
  const cache = options.cache === undefined ? undefined : new StateCache<S>(options.cache.maxStreams);

  // Stored events were written by this decider (at some schema version), so after upcasting
  // they have its event type; a type or version this build cannot read throws here.
  const upcast = (event: Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data'>): E => registry.upcast(event) as E;

  function toStore(events: readonly E[], request: HandleRequest<C>, digest: string) {
    const metadata: EventMetadata = {
      ...request.metadata,
      actorId: request.context.actor.id,
      actorRole: request.context.actor.role,
      commandId: request.commandId,
      commandDigest: digest,
    };
    return events.map((event) => ({
      type: event.type,
      data: event.data,
      schemaVersion: registry.currentVersion(event.type),
      metadata,
    }));
  }

  /**
   * Caches the state after `written` was appended on top of `state`, folding the events exactly
   * as a reload would: read back from JSON (as the store returns them) and upcast. The append
   * has committed, so a failure here only costs the entry, never the result.
   */
  function remember(streamId: string, version: number, state: S, written: ReturnType<typeof toStore>): void {
    if (!cache) return;
    try {
      const stored = written.map((event) =>
        upcast({ type: event.type, schemaVersion: event.schemaVersion, data: JSON.parse(JSON.stringify(event.data)) }),
      );
      cache.set(streamId, { version, state: fold(decider, stored, state) });
    } catch {
      cache.forget(streamId);
    }
  }

  /** The normal path: read the stream (unless the caller did), check it for the command id, decide, append. */
  async function attempt(request: HandleRequest<C>, digest: string): Promise<HandleResult<E>> {
    const { streamId, command, context, commandId } = request;
    const history = request.history ?? (await store.readStream(streamId));
    const version = history.at(-1)?.streamVersion ?? 0;
    const state = fold(decider, history.map(upcast));
    cache?.set(streamId, { version, state });
    const earlier = outcomeOf(history, commandId);
    if (earlier) {
      // Events written before digests were recorded carry none: those compare by stream only.
      const recorded = history.findLast((event) => event.metadata.commandId === commandId)?.metadata.commandDigest;
      assertSameCommand(commandId, streamId, digest, { streamId, digest: recorded });
      return earlier;
    }
    if (request.expectedVersion !== undefined && request.expectedVersion !== version) {
      throw new ConcurrencyError(streamId, request.expectedVersion, version);
    }

    const events = decider.decide(command, state, context);
    if (events.length === 0) {
      return { events, streamVersion: version, checkpoint: history.at(-1)?.checkpoint ?? START, duplicate: false };
    }

    const written = toStore(events, request, digest);
    const result = await store.append(streamId, written, {
      expectedVersion: version,
      commandId,
      commandDigest: digest,
    });
    if (!result.duplicate) {
      remember(streamId, result.streamVersion, state, written);
      return { ...result, events };
    }
    // The same command id committed between our read and our append: report its events.
    return { ...result, events: await eventsOf(streamId, commandId) };
  }

  /**
   * The cached path: decide against the cached state and append with the cached version, one
   * round trip. Returns `undefined` when the outcome cannot be trusted without reading the
   * stream: the cache was stale (conflict), or the decision threw or was empty (the command may
   * be a retry whose original is already folded into the state, and must get that result).
   */
  async function attemptCached(
    request: HandleRequest<C>,
    cached: CachedStream<S>,
    digest: string,
  ): Promise<HandleResult<E> | undefined> {
    const { streamId, command, context, commandId } = request;
    let events: readonly E[];
    let written: ReturnType<typeof toStore>;
    try {
      events = decider.decide(command, cached.state, context);
      written = toStore(events, request, digest);
    } catch {
      return undefined;
    }
    if (events.length === 0) return undefined;

    let result: AppendResult;
    try {
      result = await store.append(streamId, written, {
        expectedVersion: cached.version,
        commandId,
        commandDigest: digest,
      });
    } catch (error) {
      // Whatever went wrong, the entry may be stale now; a conflict proves it is.
      cache?.delete(streamId, cached);
      if (isConcurrencyError(error)) return undefined;
      throw error;
    }
    // The store has seen this command id (possibly written by another handler): its original result.
    if (result.duplicate) return { ...result, events: await eventsOf(streamId, commandId) };
    remember(streamId, result.streamVersion, cached.state, written);
    return { ...result, events };
  }

  /** The events `commandId` wrote to the stream (for a duplicate append's result). */
  async function eventsOf(streamId: string, commandId: string): Promise<readonly E[]> {
    return outcomeOf(await store.readStream(streamId), commandId)?.events ?? [];
  }

  function outcomeOf(history: readonly RecordedEvent[], commandId: string): HandleResult<E> | undefined {
    return commandOutcome(history, commandId, registry) as HandleResult<E> | undefined;
  }

  return {
    async handle(request) {
      const digest = commandDigest(request.command);
      // An exact-version request is decided once, against that version: no cache, no retry.
      if (request.expectedVersion !== undefined) return attempt(request, digest);
      if (request.history !== undefined) throw new RangeError('history is only for exact-version requests');
      // A stale cache entry costs one failed append, not one of the `maxAttempts`.
      const cached = cache?.get(request.streamId);
      if (cached) {
        const result = await attemptCached(request, cached, digest);
        if (result) return result;
      }
      for (let attemptNumber = 1; ; attemptNumber++) {
        try {
          return await attempt(request, digest);
        } catch (error) {
          if (!isConcurrencyError(error) || attemptNumber >= maxAttempts) throw error;
          // Jittered exponential backoff spreads out writers that collided on the same stream.
          await sleep(random() * backoffMs * 2 ** (attemptNumber - 1));
        }
      }
    },
  };
}

/**
 * What command `commandId` wrote, if `history` (one stream's events) holds its events: the
 * outcome a repeated command gets instead of being decided again.
 */
export function commandOutcome(
  history: readonly RecordedEvent[],
  commandId: string,
  registry: EventSchemaRegistry,
): HandleResult<DomainEvent> | undefined {
  const written = history.filter((event) => event.metadata.commandId === commandId);
  const last = written.at(-1);
  if (!last) return undefined;
  return {
    events: written.map((event) => registry.upcast(event) as DomainEvent),
    streamVersion: last.streamVersion,
    checkpoint: last.checkpoint,
    duplicate: true,
  };
}

/** A stream's version and the state its first `version` events fold to. */
interface CachedStream<S> {
  readonly version: number;
  readonly state: S;
}

/**
 * A bounded LRU of {@link CachedStream}s (a `Map` keeps insertion order; a hit moves the entry
 * to the end). Every entry is a consistent `(version, state)` pair; it may only be stale.
 */
class StateCache<S> {
  readonly #entries = new Map<string, CachedStream<S>>();

  constructor(readonly maxStreams: number) {
    if (!Number.isSafeInteger(maxStreams) || maxStreams < 1) {
      throw new RangeError(`cache.maxStreams must be a positive integer, got ${String(maxStreams)}`);
    }
  }

  get(streamId: string): CachedStream<S> | undefined {
    const entry = this.#entries.get(streamId);
    if (entry) {
      this.#entries.delete(streamId);
      this.#entries.set(streamId, entry);
    }
    return entry;
  }

  /** Keeps the newer of the cached and the given entry (handles on one stream may finish out of order). */
  set(streamId: string, entry: CachedStream<S>): void {
    const current = this.#entries.get(streamId);
    if (current && current.version > entry.version) return;
    this.#entries.delete(streamId);
    this.#entries.set(streamId, entry);
    if (this.#entries.size > this.maxStreams) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** Drops the stream's entry if it is still `entry` (a newer one may have replaced it meanwhile). */
  delete(streamId: string, entry: CachedStream<S>): void {
    if (this.#entries.get(streamId) === entry) this.#entries.delete(streamId);
  }

  /** Drops the stream's entry, whichever it is. */
  forget(streamId: string): void {
    this.#entries.delete(streamId);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
