import { type Actor, type EventSchemaRegistry, fold, isDomainError, streamId } from '@support-engine/domain';
import type { HandOverCommand, WorkItem, WorkKind, WorkMode } from '@support-engine/domain/agent';
import { type ChatCommand, type ChatState, chatDecider } from '@support-engine/domain/chat';
import {
  cancelChatStart,
  cancelPending,
  cancelWork,
  endsChatSlot,
  type PendingHandOver,
  type Reaction,
  releaseEndedChatSlot,
} from '@support-engine/domain/routing';
import { type TicketState, ticketDecider } from '@support-engine/domain/ticket';
import {
  assertSameCommand,
  ConcurrencyError,
  commandDigest,
  commandOutcome,
  type DomainEvent,
  type EventMetadata,
  type EventStore,
  type HandleResult,
  isConcurrencyError,
  type RecordedEvent,
} from '@support-engine/eventstore';
import { ROUTER_ACTOR } from './actor.js';
import { issue, type WorkHandlers } from './handlers.js';
import { reservationIdFor, reserveCommandId } from './ids.js';
import { configuredContext } from './sla-configuration.js';

/** Give an item to an agent: the agent's stream reserves a slot, then the item records its agent. */
export interface HandOverRequest {
  readonly agentId: string;
  readonly item: { readonly kind: WorkKind; readonly id: string };
  readonly mode: Exclude<WorkMode, 'resumed'>;
  /** The item command that completes the hand-over: `AcceptChat`, `AssignChat`, `TransferChat` or `AssignTicket`. */
  readonly command: HandOverCommand;
  readonly actor: Actor;
  /** The hand-over's idempotency key: the item command is written under it, the reservation under one derived from it. */
  readonly commandId: string;
  readonly reason?: string;
  /** Extra metadata for the events both steps write (the request's correlation id, say). */
  readonly metadata?: EventMetadata;
}

/** The command that starts a chat. */
export type StartChatCommand = Extract<ChatCommand, { type: 'StartChat' }>;

/** Start a chat: the customer's stream takes an open-chat slot, then the chat starts. */
export interface ChatStartRequest {
  readonly command: StartChatCommand;
  /** How many chats the customer may hold open when they start one themself (0: no limit). */
  readonly limit: number;
  readonly actor: Actor;
  /** The start's idempotency key: `StartChat` is written under it, the slot under one derived from it. */
  readonly commandId: string;
  /** Extra metadata for the events both steps write. */
  readonly metadata?: EventMetadata;
}

/** How a reservation left unfinished was settled. */
export type Settlement = 'completed' | 'cancelled';

/**
 * Hand-overs of chats and tickets to agents, with capacity enforced on the agent's stream, and
 * chat starts, with the customer's open chats limited on the customer's stream.
 */
export interface HandOvers {
  /**
   * Reserves a slot on the agent's stream, then applies the item command at exactly the item
   * version the reservation was decided at. If the item moved in between, the slot is given back
   * and the hand-over is decided again (a few times). A refusal (the item's or the agent's)
   * throws its `DomainError` and leaves nothing behind; a repeated command id returns the first
   * outcome. Resolves with the item command's result.
   */
  handOver(request: HandOverRequest): Promise<HandleResult<DomainEvent>>;
  /**
   * The same saga with the customer's stream as the ledger: takes an open-chat slot
   * (`ReserveChatSlot`, refused with `CHAT_ALREADY_OPEN` at the limit), then appends `StartChat`
   * to a chat stream that must not exist yet. If it cannot (the chat id was taken first, or the
   * chat refuses), the slot is given back. A refusal throws its `DomainError` and writes nothing
   * to the chat; a repeated command id returns the first outcome. Resolves with the chat's result.
   */
  startChat(request: ChatStartRequest): Promise<HandleResult<DomainEvent>>;
  /**
   * Finishes a reservation whose item command was left unfinished (the process that reserved it
   * stopped): applies its item command if the item is still as it was, else gives the slot back.
   */
  settle(pending: PendingHandOver, now: Date): Promise<Settlement>;
}

/** Options of {@link createHandOvers}. */
export interface HandOverOptions {
  readonly store: EventStore;
  readonly registry: EventSchemaRegistry;
  readonly handlers: WorkHandlers;
  /** The time commands happen at. */
  readonly clock: () => Date;
  /** Decisions before a hand-over whose item keeps moving gives up with the last conflict; 4 by default. */
  readonly maxAttempts?: number;
}

/** The item as the hand-over decides about it: its stream, version and state. */
interface ItemSnapshot {
  readonly version: number;
  readonly history: readonly RecordedEvent[];
  readonly state: TicketState | ChatState;
}

/** The item command a saga completes with, and the id it is written under. */
interface ItemCommand {
  readonly command: HandOverCommand | StartChatCommand;
  readonly commandId: string;
}

/** One saga: the item, its command, who asks, and the ledger whose slot it takes. */
interface Saga {
  readonly item: Pick<WorkItem, 'kind' | 'id'>;
  readonly handOver: ItemCommand;
  readonly actor: Actor;
  readonly metadata?: EventMetadata;
  /** Takes the slot on the ledger for the item command decided at `itemVersion` (throws the ledger's refusal). */
  reserve(reservationId: string, itemVersion: number, current: ItemSnapshot): Promise<unknown>;
  /** The command that gives that slot back. */
  cancellation(reservationId: string): Reaction;
}

/**
 * The hand-over protocol (a two-step saga whose log is the ledger's stream: the agent's for a
 * hand-over, the customer's for a chat start):
 * 1. decide the item command against the item as it stands (version `v`): a refusal ends here,
 *    with nothing written;
 * 2. reserve a slot on the ledger (`ReserveWork` or `ReserveChatSlot`, carrying `v` and the item
 *    command): the ledger's stream version is the lock, so concurrent sagas on one ledger
 *    serialise and the last slot goes to one of them only;
 * 3. apply the item command at exactly version `v`: if anything else reached the item first, the
 *    command can never apply, so the slot is given back (cause `cancelled`).
 * A crash between 2 and 3 leaves a reservation that the router finds in the log and settles
 * the same way ({@link HandOvers.settle}).
 */
export function createHandOvers(options: HandOverOptions): HandOvers {
  const { store, registry, handlers, clock } = options;
  const maxAttempts = options.maxAttempts ?? 4;

  async function snapshot(kind: WorkKind, id: string): Promise<ItemSnapshot> {
    const history = await store.readStream(streamId(kind, id));
    const events = history.map((event) => registry.upcast(event)) as never[];
    const state = kind === 'ticket' ? fold(ticketDecider, events) : fold(chatDecider, events);
    return { version: history.at(-1)?.streamVersion ?? 0, history, state };
  }

  /**
   * Gives back the slots of those of `chatIds` that have ended (closed, or converted to a ticket),
   * as the router would (the same command id, so it happens once); whether any was.
   */
  async function releaseEndedChats(customerId: string, chatIds: readonly string[]): Promise<boolean> {
    let released = false;
    for (const chatId of chatIds) {
      const ended = (await store.readStream(streamId('chat', chatId))).find(endsChatSlot);
      if (ended === undefined) continue;
      const release = releaseEndedChatSlot(customerId, chatId, { ...ended, version: ended.streamVersion });
      // The router's own release, early.
      await issue(handlers, release, { now: clock(), actor: ROUTER_ACTOR });
      released = true;
    }
    return released;
  }

  /** Throws the item's refusal of the command, if it refuses it as it stands. */
  async function requireItemAccepts(kind: WorkKind, item: ItemSnapshot, command: ItemCommand['command'], actor: Actor) {
    const context = await configuredContext(handlers.configuration, command, { now: clock(), actor });
    if (kind === 'ticket') ticketDecider.decide(command as never, item.state as TicketState, context);
    else chatDecider.decide(command as never, item.state as ChatState, context);
  }

  /**
   * The item command, decided against the item as the saga read it and appended at exactly
   * that version under the saga's command id (no second read). If the item moved on since,
   * it fails with a `ConcurrencyError`; a command id the store has seen returns its first outcome.
   */
  function applyItem(
    item: Pick<WorkItem, 'kind' | 'id'>,
    current: ItemSnapshot,
    handOver: ItemCommand,
    actor: Actor,
    now: Date,
    metadata?: EventMetadata,
  ): Promise<HandleResult<DomainEvent>> {
    const request = {
      streamId: streamId(item.kind, item.id),
      commandId: handOver.commandId,
      context: { now, actor },
      metadata,
      expectedVersion: current.version,
      history: current.history,
    };
    return item.kind === 'ticket'
      ? handlers.ticket.handle({ ...request, command: handOver.command as never })
      : handlers.chat.handle({ ...request, command: handOver.command as never });
  }

  /** One decision; resolves the item's result, or the conflict that sent the slot back. */
  async function attempt(saga: Saga): Promise<HandleResult<DomainEvent> | ConcurrencyError> {
    const { item, handOver, actor } = saga;
    const current = await snapshot(item.kind, item.id);
    const done = commandOutcome(current.history, handOver.commandId, registry);
    if (done) {
      // A repeat answers the first outcome; the same id with another command (another agent, another
      // first message) is refused, as a single-stream command is.
      const recorded = current.history.findLast((event) => event.metadata.commandId === handOver.commandId);
      const stream = streamId(item.kind, item.id);
      const digest = recorded?.metadata.commandDigest;
      assertSameCommand(handOver.commandId, stream, commandDigest(handOver.command), { streamId: stream, digest });
      return done;
    }
    // Refused as it stands: nothing is reserved.
    await requireItemAccepts(item.kind, current, handOver.command, actor);
    const reservationId = reservationIdFor(handOver.commandId, current.version);
    await saga.reserve(reservationId, current.version, current);
    try {
      return await applyItem(item, current, handOver, actor, clock(), saga.metadata);
    } catch (error) {
      // The item moved on (conflict) or refused after all: the command can never apply at that
      // version, so the slot goes back. Any other failure leaves the outcome unknown: the router
      // settles the reservation once it finds it unfinished.
      if (!isConcurrencyError(error) && !isDomainError(error)) throw error;
      await issue(handlers, saga.cancellation(reservationId), { now: clock(), actor });
      if (isConcurrencyError(error)) return error;
      throw error;
    }
  }

  async function run(saga: Saga): Promise<HandleResult<DomainEvent>> {
    for (let attemptNumber = 1; ; attemptNumber++) {
      const result = await attempt(saga);
      if (!(result instanceof ConcurrencyError)) return result;
      if (attemptNumber >= maxAttempts) throw result;
    }
  }

  return {
    handOver(request) {
      const { agentId, item, mode, command, actor, commandId, reason, metadata } = request;
      return run({
        item,
        handOver: { command, commandId },
        actor,
        metadata,
        reserve: (reservationId, itemVersion, current) => {
          const tier = item.kind === 'ticket' ? ((current.state as TicketState)?.tier ?? 1) : 1;
          return handlers.agent.handle({
            streamId: streamId('agent', agentId),
            command: {
              type: 'ReserveWork',
              data: {
                agentId,
                reservationId,
                item: { ...item, tier },
                itemVersion,
                mode,
                handOver: { commandId, command },
                reason,
              },
            },
            commandId: reserveCommandId(reservationId),
            context: { now: clock(), actor },
            metadata,
          });
        },
        cancellation: (reservationId) => cancelWork(agentId, reservationId),
      });
    },

    startChat(request) {
      const { command, limit, actor, commandId, metadata } = request;
      const { chatId, customerId } = command.data;
      return run({
        item: { kind: 'chat', id: chatId },
        handOver: { command, commandId },
        actor,
        metadata,
        reserve: async (reservationId) => {
          const take = () =>
            handlers.customer.handle({
              streamId: streamId('customer', customerId),
              command: {
                type: 'ReserveChatSlot',
                data: { customerId, chatId, reservationId, limit, handOver: { commandId, command } },
              },
              commandId: reserveCommandId(reservationId),
              context: { now: clock(), actor },
              metadata,
            });
          try {
            return await take();
          } catch (error) {
            // The router gives an ended chat's slot back moments after it ends; a start in
            // between finds the slot free all the same.
            if (!isDomainError(error) || error.code !== 'CHAT_ALREADY_OPEN') throw error;
            const held = (error.details as { openChatIds?: readonly string[] }).openChatIds ?? [];
            if (!(await releaseEndedChats(customerId, held))) throw error;
            return take();
          }
        },
        cancellation: (reservationId) => cancelChatStart(customerId, chatId, reservationId),
      });
    },

    async settle(pending, now) {
      const { item, handOver, itemVersion, actor } = pending;
      for (;;) {
        const current = await snapshot(item.kind, item.id);
        if (commandOutcome(current.history, handOver.commandId, registry)) return 'completed';
        if (current.version === itemVersion) {
          try {
            await applyItem(item, current, handOver, actor, now);
            return 'completed';
          } catch (error) {
            if (isConcurrencyError(error)) continue;
            if (!isDomainError(error)) throw error;
          }
        }
        await issue(handlers, cancelPending(pending), { now: clock(), actor });
        return 'cancelled';
      }
    },
  };
}
