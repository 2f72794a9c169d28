import {
  type Actor,
  type ChatState,
  type CommandContext,
  cancelCommandId,
  chatDecider,
  type EventSchemaRegistry,
  fold,
  type HandOverCommand,
  isDomainError,
  type PendingHandOver,
  streamId,
  type TicketState,
  ticketDecider,
  type WorkItem,
  type WorkKind,
  type WorkMode,
} from '@support-engine/domain';
import {
  ConcurrencyError,
  type DomainEvent,
  type EventStore,
  type HandleResult,
  isConcurrencyError,
  type RecordedEvent,
} from '@support-engine/eventstore';
import type { WorkHandlers } from './handlers.js';
import { reservationIdFor, reserveCommandId } from './ids.js';

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
}

/** How a reservation left unfinished was settled. */
export type Settlement = 'completed' | 'cancelled';

/** Hand-overs of chats and tickets to agents, with capacity enforced on the agent's stream. */
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
   * Finishes a reservation whose hand-over was left unfinished (the process that reserved it
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

/**
 * The hand-over protocol (a two-step saga whose log is the agent's stream):
 * 1. decide the item command against the item as it stands (version `v`): a refusal ends here,
 *    with nothing written;
 * 2. reserve a slot on the agent's stream (`ReserveWork`, carrying `v` and the item command):
 *    the agent's stream version is the lock, so concurrent hand-overs to one agent serialise and
 *    the last slot goes to one of them only;
 * 3. apply the item command at exactly version `v`: if anything else reached the item first, the
 *    command can never apply, so the slot is given back (`ReleaseWork`, cause `cancelled`).
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

  /** The item's events for the command, decided against `item` as read; throws the item's refusal. */
  function decideItem(kind: WorkKind, item: ItemSnapshot, command: HandOverCommand, context: CommandContext) {
    return kind === 'ticket'
      ? ticketDecider.decide(command as never, item.state as TicketState, context)
      : chatDecider.decide(command as never, item.state as ChatState, context);
  }

  /**
   * The item command, decided against the item as the hand-over read it and appended at exactly
   * that version under the hand-over's command id: what the item's command handler does for an
   * exact-version request, without reading the stream a second time. If the item moved on since,
   * the append fails with a `ConcurrencyError`; a command id the store has seen returns its first
   * outcome. (A hand-over command always writes an event or refuses.)
   */
  async function applyItem(
    item: Pick<WorkItem, 'kind' | 'id'>,
    current: ItemSnapshot,
    handOver: { readonly command: HandOverCommand; readonly commandId: string },
    actor: Actor,
    now: Date,
  ): Promise<HandleResult<DomainEvent>> {
    const stream = streamId(item.kind, item.id);
    const { commandId } = handOver;
    const events = decideItem(item.kind, current, handOver.command, { now, actor });
    const metadata = { actorId: actor.id, actorRole: actor.role, commandId };
    const written = events.map(({ type, data }) => ({
      type,
      data,
      schemaVersion: registry.currentVersion(type),
      metadata,
    }));
    const result = await store.append(stream, written, { expectedVersion: current.version, commandId });
    if (!result.duplicate) return { ...result, events };
    return { ...result, events: outcomeOf(await store.readStream(stream), commandId, registry)?.events ?? [] };
  }

  async function cancel(agentId: string, reservationId: string, actor: Actor): Promise<void> {
    await handlers.agent.handle({
      streamId: streamId('agent', agentId),
      command: {
        type: 'ReleaseWork',
        data: { agentId, reservationIds: [reservationId], cause: 'cancelled', reason: 'the item moved on first' },
      },
      commandId: cancelCommandId(reservationId),
      context: { now: clock(), actor },
    });
  }

  /** One decision; resolves the item's result, or the conflict that sent the slot back. */
  async function attempt(request: HandOverRequest): Promise<HandleResult<DomainEvent> | ConcurrencyError> {
    const { agentId, item, mode, command, actor, commandId } = request;
    const current = await snapshot(item.kind, item.id);
    const done = outcomeOf(current.history, commandId, registry);
    if (done) return done;
    // Refused as it stands: nothing is reserved.
    decideItem(item.kind, current, command, { now: clock(), actor });
    const tier = item.kind === 'ticket' ? ((current.state as TicketState)?.tier ?? 1) : 1;
    const reservationId = reservationIdFor(commandId, current.version);
    await handlers.agent.handle({
      streamId: streamId('agent', agentId),
      command: {
        type: 'ReserveWork',
        data: {
          agentId,
          reservationId,
          item: { ...item, tier },
          itemVersion: current.version,
          mode,
          handOver: { commandId, command },
          reason: request.reason,
        },
      },
      commandId: reserveCommandId(reservationId),
      context: { now: clock(), actor },
    });
    try {
      return await applyItem(item, current, { command, commandId }, actor, clock());
    } catch (error) {
      // The item moved on (conflict) or refused after all: the command can never apply at that
      // version, so the slot goes back. Any other failure leaves the outcome unknown: the router
      // settles the reservation once it finds it unfinished.
      if (!isConcurrencyError(error) && !isDomainError(error)) throw error;
      await cancel(agentId, reservationId, actor);
      if (isConcurrencyError(error)) return error;
      throw error;
    }
  }

  return {
    async handOver(request) {
      for (let attemptNumber = 1; ; attemptNumber++) {
        const result = await attempt(request);
        if (!(result instanceof ConcurrencyError)) return result;
        if (attemptNumber >= maxAttempts) throw result;
      }
    },

    async settle(pending, now) {
      const { item, handOver, itemVersion, agentId, reservationId, actor } = pending;
      for (;;) {
        const current = await snapshot(item.kind, item.id);
        if (outcomeOf(current.history, handOver.commandId, registry)) return 'completed';
        if (current.version === itemVersion) {
          try {
            await applyItem(item, current, handOver, actor, now);
            return 'completed';
          } catch (error) {
            if (isConcurrencyError(error)) continue;
            if (!isDomainError(error)) throw error;
          }
        }
        await cancel(agentId, reservationId, actor);
        return 'cancelled';
      }
    },
  };
}

/** The outcome of `commandId` if the stream already holds its events (a repeated hand-over). */
function outcomeOf(
  history: readonly RecordedEvent[],
  commandId: string,
  registry: EventSchemaRegistry,
): HandleResult<DomainEvent> | undefined {
  const written = history.filter((event) => event.metadata.commandId === commandId);
  const last = written.at(-1);
  if (last === undefined) return undefined;
  return {
    events: written.map((event) => registry.upcast(event)),
    streamVersion: last.streamVersion,
    checkpoint: last.checkpoint,
    duplicate: true,
  };
}
