import {
  type Actor,
  createDomainEventRegistry,
  type Decider,
  type StreamCategory,
  streamId,
} from '@support-engine/domain';
import { DEFAULT_CHATS_PER_CUSTOMER } from '@support-engine/domain/customer';
import type { SlaConfigOptions } from '@support-engine/domain/sla-config';
import type {
  Checkpoint,
  CommandHandler,
  DomainEvent,
  EventMetadata,
  EventStore,
  HandleResult,
} from '@support-engine/eventstore';
import { withTraceparent } from '@support-engine/eventstore-postgres';
import { type ChatStartRequest, createHandOvers, type HandOverRequest } from './hand-over.js';
import { type CommandsByCategory, createCommandHandlers, type HandlersByCategory } from './handlers.js';
import type { SlaConfigurationSource } from './sla-configuration.js';

/** What a command did to its stream. */
export interface Sent {
  readonly version: number;
  readonly checkpoint: Checkpoint;
  /** The events written (for a repeated command id, the ones the first run wrote). */
  readonly events: readonly DomainEvent[];
}

/** Who a command is recorded as done by: the authenticated caller, or the engine itself (follow-ups). */
export type CommandActor = Pick<Actor, 'id' | 'role'>;

/**
 * Runs one command, around it whatever the caller measures (the API: its metrics and its span);
 * `run` is the command itself.
 */
export type CommandObserver = <T>(
  category: StreamCategory,
  type: string,
  streamId: string,
  run: () => Promise<T>,
) => Promise<T>;

/** Sends commands to the deciders through the event store's command handler. */
export interface CommandBus {
  send<K extends StreamCategory>(
    category: K,
    id: string,
    command: CommandsByCategory[K],
    actor: CommandActor,
    commandId: string,
  ): Promise<Sent>;
  /**
   * Gives a chat or ticket to an agent: a slot reserved on the agent's stream first (their
   * capacity is enforced there, atomically), then the item records its agent. Resolves with what
   * the item's stream recorded.
   */
  handOver(request: Omit<HandOverRequest, 'actor'>, actor: CommandActor): Promise<Sent>;
  /**
   * Starts a chat: one of the customer's open-chat slots is taken on their stream first (the
   * deployment's limit is enforced there, atomically: `CHAT_ALREADY_OPEN`), then the chat starts.
   * Resolves with what the chat's stream recorded.
   */
  startChat(request: Omit<ChatStartRequest, 'actor' | 'limit'>, actor: CommandActor): Promise<Sent>;
  /**
   * The same bus, its commands' events carrying `metadata` as well (a request's correlation id),
   * so a trace or an audit can tie the events to the request that caused them.
   */
  tracing(metadata: Pick<EventMetadata, 'correlationId' | 'causationId'>): CommandBus;
  /**
   * The checkpoint of the stream's last event: a consistency token that covers what others (the
   * router, say) wrote to it, for a mutation whose own last write did not land there.
   */
  latest(category: StreamCategory, id: string): Promise<Checkpoint | null>;
  /**
   * A stream's state as `decider` folds it from the stream's events (upcast): what a mutation
   * reads to build the command it sends (a canned reply's text, say). The command it sends is
   * still decided against the stream as it is then.
   */
  fold<E, S>(
    category: StreamCategory,
    id: string,
    decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>,
  ): Promise<S>;
  /**
   * The SLA configuration as the log holds it now, the one the chat and ticket commands decide
   * with: folded once, then only the events after it read on each call.
   */
  readonly configuration: SlaConfigurationSource;
}

/** Deployment settings the bus's commands follow. */
export interface CommandBusOptions {
  /** Whether SLA timings may leave the documented range. */
  readonly slaConfig?: SlaConfigOptions;
  /** How many chats a customer may hold open when they start one themself (0: no limit); 1 by default. */
  readonly chatsPerCustomer?: number;
  /** Wraps each command (the API measures it and opens its span); nothing around it by default. */
  readonly observe?: CommandObserver;
}

/** A bus over `store` whose commands happen at `clock()`. */
export function createCommandBus(store: EventStore, clock: () => Date, options: CommandBusOptions = {}): CommandBus {
  const { slaConfig = {}, chatsPerCustomer = DEFAULT_CHATS_PER_CUSTOMER, observe = unobserved } = options;
  const registry = createDomainEventRegistry();
  const { work, ...handlers } = createCommandHandlers(store, registry, { slaConfig });
  const byCategory: HandlersByCategory = handlers;
  const handOvers = createHandOvers({ store, registry, handlers: work, clock });

  const sent = (result: HandleResult<DomainEvent>): Sent => ({
    version: result.streamVersion,
    checkpoint: result.checkpoint,
    events: result.events,
  });
  // One bus per metadata: the server's has none, a request's carries its correlation id.
  const busWith = (metadata: EventMetadata | undefined): CommandBus => ({
    configuration: work.configuration,
    async send<K extends StreamCategory>(
      category: K,
      id: string,
      command: CommandsByCategory[K],
      actor: CommandActor,
      commandId: string,
    ) {
      // Indexing the mapped type with the generic key keeps the handler's command type tied to
      // the category, without spelling out the union of every category's commands.
      const handler: CommandHandler<CommandsByCategory[K], DomainEvent> = byCategory[category];
      const stream = streamId(category, id);
      const result = await observe(category, command.type, stream, () =>
        handler.handle({
          streamId: stream,
          command,
          commandId,
          context: { now: clock(), actor: { id: actor.id, role: actor.role } },
          // Each decision dated when it is made: concurrent writes to one stream stay in time order.
          clock,
          metadata: withTraceparent(metadata),
        }),
      );
      return sent(result);
    },
    async handOver(request, actor) {
      const stream = streamId(request.item.kind, request.item.id);
      return sent(
        await observe(request.item.kind, request.command.type, stream, () =>
          handOvers.handOver({
            ...request,
            actor: { id: actor.id, role: actor.role },
            metadata: withTraceparent(metadata),
          }),
        ),
      );
    },
    async startChat(request, actor) {
      const stream = streamId('chat', request.command.data.chatId);
      return sent(
        await observe('chat', request.command.type, stream, () =>
          handOvers.startChat({
            ...request,
            limit: chatsPerCustomer,
            actor: { id: actor.id, role: actor.role },
            metadata: withTraceparent(metadata),
          }),
        ),
      );
    },
    async fold(category, id, decider) {
      const events = await store.readStream(streamId(category, id));
      return events.reduce(
        (state, event) => decider.evolve(state, registry.upcast(event) as never),
        decider.initialState,
      );
    },
    async latest(category, id) {
      return (await store.readStream(streamId(category, id))).at(-1)?.checkpoint ?? null;
    },
    tracing: (more) => busWith({ ...metadata, ...more }),
  });
  return busWith(undefined);
}

const unobserved: CommandObserver = (_category, _type, _stream, run) => run();
