import { type CommandContext, type Decider, type EventSchemaRegistry, fold } from '@support-engine/domain';
import { type Checkpoint, START } from './checkpoint.js';
import { isConcurrencyError } from './errors.js';
import type { EventMetadata, EventStore, RecordedEvent } from './port.js';

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
}

/** One command to run against one stream. */
export interface HandleRequest<C> {
  streamId: string;
  command: C;
  context: CommandContext;
  /** Idempotency key: running the same command id again returns the first outcome. */
  commandId: string;
  /** Extra metadata (causation, correlation, reason...); actor and command id are added. */
  metadata?: EventMetadata;
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

/** Runs commands: load, fold, decide, append with the loaded version, retry on conflicts. */
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

  // Stored events were written by this decider (at some schema version), so after upcasting
  // they have its event type; a type or version this build cannot read throws here.
  const upcast = (event: RecordedEvent): E => registry.upcast(event) as E;

  async function attempt(request: HandleRequest<C>): Promise<HandleResult<E>> {
    const { streamId, command, context, commandId } = request;
    const history = await store.readStream(streamId);
    const earlier = outcomeOf(history, commandId);
    if (earlier) return earlier;

    const version = history.at(-1)?.streamVersion ?? 0;
    const events = decider.decide(command, fold(decider, history.map(upcast)), context);
    if (events.length === 0) {
      return { events, streamVersion: version, checkpoint: history.at(-1)?.checkpoint ?? START, duplicate: false };
    }

    const metadata: EventMetadata = {
      ...request.metadata,
      actorId: context.actor.id,
      actorRole: context.actor.role,
      commandId,
    };
    const toStore = events.map((event) => ({
      type: event.type,
      data: event.data,
      schemaVersion: registry.currentVersion(event.type),
      metadata,
    }));
    const result = await store.append(streamId, toStore, { expectedVersion: version, commandId });
    if (!result.duplicate) return { ...result, events };
    // The same command id committed between our read and our append: report its events.
    return { ...result, events: outcomeOf(await store.readStream(streamId), commandId)?.events ?? [] };
  }

  /** The outcome of `commandId` if this stream already holds its events. */
  function outcomeOf(history: readonly RecordedEvent[], commandId: string): HandleResult<E> | undefined {
    const written = history.filter((event) => event.metadata.commandId === commandId);
    const last = written.at(-1);
    if (!last) return undefined;
    return {
      events: written.map(upcast),
      streamVersion: last.streamVersion,
      checkpoint: last.checkpoint,
      duplicate: true,
    };
  }

  return {
    async handle(request) {
      for (let attemptNumber = 1; ; attemptNumber++) {
        try {
          return await attempt(request);
        } catch (error) {
          if (!isConcurrencyError(error) || attemptNumber >= maxAttempts) throw error;
          // Jittered exponential backoff spreads out writers that collided on the same stream.
          await sleep(random() * backoffMs * 2 ** (attemptNumber - 1));
        }
      }
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
