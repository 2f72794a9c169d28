import { type CommandContext, type Decider, type EventSchemaRegistry, fold } from '@support-engine/domain';
import { type Checkpoint, START } from './checkpoint.js';
import { commandDigest } from './command-digest.js';
import { ConcurrencyError, isConcurrencyError, isIdempotencyKeyReusedError } from './errors.js';
import { assertSameCommand } from './idempotency.js';
import type { AppendResult, EventMetadata, EventStore, RecordedEvent } from './port.js';
import { type CachedStream, StateCache, type StateCacheOptions } from './state-cache.js';

/** The shape of every domain event: a type tag and JSON data. */
export interface DomainEvent {
  readonly type: string;
  readonly data: unknown;
}

/** The longest wait between two attempts, in units of `backoffMs`. */
const MAX_BACKOFF_FACTOR = 20;

/** Options of {@link createCommandHandler}. */
export interface CommandHandlerOptions<C, E extends DomainEvent, S, Ctx extends CommandContext = CommandContext> {
  store: EventStore;
  decider: Decider<C, E, S, Ctx>;
  /** Gives the schema version new events are written with and upcasts stored ones. */
  registry: EventSchemaRegistry;
  /**
   * Attempts before a concurrency conflict is surfaced; 10 by default, so that a dozen people
   * writing on one ticket at the same instant all get through.
   */
  maxAttempts?: number;
  /** Base of the exponential backoff between attempts, in ms; 10 by default, each wait at most 20 times that. */
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
  /**
   * The commands that start their stream (a ticket's opening, a customer's registration): one
   * not in the cache is decided against the decider's initial state without reading the stream
   * first, and appended to an empty stream. A stream that exists makes that append conflict, and
   * the command is then decided against the stream as read, as after a stale cache entry; a
   * command already written gets its first outcome from the store. None by default.
   */
  startsStream?: (command: C) => boolean;
}

/** One command to run against one stream. */
export interface HandleRequest<C, Ctx extends CommandContext = CommandContext> {
  streamId: string;
  command: C;
  context: Ctx;
  /**
   * Where the instant of each decision is read, after the stream is read, instead of
   * `context.now`: a command decided again after a conflict, or one that waited for its read while
   * another was written, is then never dated before the events it was decided after (a chat's
   * messages sent at once keep their order in time). Without it, `context.now` is the instant.
   */
  clock?: () => Date;
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
export interface CommandHandler<C, E, Ctx extends CommandContext = CommandContext> {
  /**
   * Handles one command. A `DomainError` from `decide` passes through unchanged and writes
   * nothing; a `ConcurrencyError` is retried by reloading and deciding again, and surfaces
   * only after the last attempt. Stored events that cannot be upcast throw; none is skipped.
   */
  handle(request: HandleRequest<C, Ctx>): Promise<HandleResult<E>>;
}

/** Creates a {@link CommandHandler} for one decider. */
export function createCommandHandler<C, E extends DomainEvent, S, Ctx extends CommandContext = CommandContext>(
  options: CommandHandlerOptions<C, E, S, Ctx>,
): CommandHandler<C, E, Ctx> {
  const { store, decider, registry, maxAttempts = 10, backoffMs = 10, random = Math.random } = options;
  const cache = options.cache === undefined ? undefined : new StateCache<S>(options.cache);
  // A stream taken to be new: trusted like a cache entry, so a conflict proves it wrong.
  const unread: CachedStream<S> = { version: 0, state: decider.initialState };

  // Stored events were written by this decider (at some schema version), so after upcasting
  // they have its event type; a type or version this build cannot read throws here.
  const upcast = (event: Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data'>): E => registry.upcast(event) as E;

  function toStore(events: readonly E[], request: HandleRequest<C, Ctx>, digest: string) {
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

  /** The stream as it is now: its events, version and state. */
  async function load(streamId: string, history?: readonly RecordedEvent[]): Promise<Snapshot<S>> {
    const events = history ?? (await store.readStream(streamId));
    const version = events.at(-1)?.streamVersion ?? 0;
    const state = fold(decider, events.map(upcast));
    cache?.set(streamId, { version, state });
    return { version, state, history: events };
  }

  /**
   * Decides the command against `from` and appends with its version. From the stream as read
   * (`history`), a command id already in it answers its first outcome. From a cached entry
   * (no history), an outcome that cannot be trusted without reading the stream answers
   * `UNTRUSTED`: the decision threw or was empty (the command may be a retry whose original is
   * already folded into the state, and must get that result), or the store found the command id
   * used on another stream (the stream as it is may refuse the command, which is reported
   * first); a conflict (the entry was stale) throws as from a read, after the entry is dropped.
   */
  async function attempt(
    request: HandleRequest<C, Ctx>,
    digest: string,
    from: Snapshot<S> | CachedStream<S>,
  ): Promise<HandleResult<E> | typeof UNTRUSTED> {
    const { streamId, command, commandId } = request;
    const history = 'history' in from ? from.history : undefined;
    if (history) {
      const earlier = outcomeOf(history, commandId);
      if (earlier) {
        // Events written before digests were recorded carry none: those compare by stream only.
        const recorded = history.findLast((event) => event.metadata.commandId === commandId)?.metadata.commandDigest;
        assertSameCommand(commandId, streamId, digest, { streamId, digest: recorded });
        return earlier;
      }
      if (request.expectedVersion !== undefined && request.expectedVersion !== from.version) {
        throw new ConcurrencyError(streamId, request.expectedVersion, from.version);
      }
    }

    let events: readonly E[];
    let written: ReturnType<typeof toStore>;
    const context = request.clock ? { ...request.context, now: request.clock() } : request.context;
    try {
      events = decider.decide(command, from.state, context);
      written = toStore(events, request, digest);
    } catch (error) {
      if (history) throw error;
      return UNTRUSTED;
    }
    if (events.length === 0) {
      if (!history) return UNTRUSTED;
      return { events, streamVersion: from.version, checkpoint: history.at(-1)?.checkpoint ?? START, duplicate: false };
    }

    let result: AppendResult;
    try {
      result = await store.append(streamId, written, {
        expectedVersion: from.version,
        commandId,
        commandDigest: digest,
      });
    } catch (error) {
      if (history) throw error;
      // Whatever went wrong, a cached entry may be stale now; a conflict proves it is. A key
      // reused elsewhere is only reported when the stream as it is would accept the command.
      cache?.delete(streamId, from);
      if (isIdempotencyKeyReusedError(error)) return UNTRUSTED;
      throw error;
    }
    // The store has seen this command id (possibly written by another handler since the stream
    // was read): its original result.
    if (result.duplicate) return { ...result, events: await eventsOf(streamId, commandId) };
    remember(streamId, result.streamVersion, from.state, written);
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
      const { streamId } = request;
      // An exact-version request is decided once, against that version: no cache, no retry.
      if (request.expectedVersion !== undefined) {
        const outcome = await attempt(request, digest, await load(streamId, request.history));
        return outcome as HandleResult<E>;
      }
      if (request.history !== undefined) throw new RangeError('history is only for exact-version requests');
      let cached = cache?.get(streamId) ?? (options.startsStream?.(request.command) ? unread : undefined);
      for (let attemptNumber = 1; ; ) {
        const from = cached ?? (await load(streamId));
        try {
          const outcome = await attempt(request, digest, from);
          if (outcome !== UNTRUSTED) return outcome;
        } catch (error) {
          if (!isConcurrencyError(error)) throw error;
          // A stale cache entry costs one failed append, not one of the `maxAttempts`.
          if (cached === undefined) {
            if (attemptNumber >= maxAttempts) throw error;
            // Jittered exponential backoff spreads out writers that collided on the same stream.
            await sleep(random() * backoffMs * Math.min(2 ** (attemptNumber - 1), MAX_BACKOFF_FACTOR));
            attemptNumber++;
          }
        }
        cached = undefined;
      }
    },
  };
}

/** A stream as read: its events, and the version and state they fold to. */
interface Snapshot<S> extends CachedStream<S> {
  readonly history: readonly RecordedEvent[];
}

/** What a decision from a cached state answers when only a read of the stream can tell the outcome. */
const UNTRUSTED = Symbol('untrusted');

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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
