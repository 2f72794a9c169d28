import {
  type AgentCommand,
  agentDecider,
  type ChatCommand,
  type CustomerActivityCommand,
  type CustomerCommand,
  chatDecider,
  createDomainEventRegistry,
  customerActivityDecider,
  customerDecider,
  type StreamCategory,
  streamId,
  type TicketCommandInput,
  ticketDecider,
} from '@support-engine/domain';
import {
  type Checkpoint,
  type CommandHandler,
  createCommandHandler,
  type DomainEvent,
  type EventStore,
} from '@support-engine/eventstore';
import type { Principal } from '../auth/tokens.js';

/** The command each stream category accepts, as callers write it. */
export interface CommandsByCategory {
  ticket: TicketCommandInput;
  chat: ChatCommand;
  agent: AgentCommand;
  customer: CustomerCommand;
  activity: CustomerActivityCommand;
}

/** What a command did to its stream. */
export interface Sent {
  readonly version: number;
  readonly checkpoint: Checkpoint;
  /** The events written (for a repeated command id, the ones the first run wrote). */
  readonly events: readonly DomainEvent[];
}

/** Sends commands to the deciders through the event store's command handler. */
export interface CommandBus {
  send<K extends StreamCategory>(
    category: K,
    id: string,
    command: CommandsByCategory[K],
    principal: Principal,
    commandId: string,
  ): Promise<Sent>;
}

/** A bus over `store` whose commands happen at `clock()` and are done by the calling principal. */
export function createCommandBus(store: EventStore, clock: () => Date): CommandBus {
  const registry = createDomainEventRegistry();
  const handlers: { [K in StreamCategory]: CommandHandler<CommandsByCategory[K], DomainEvent> } = {
    ticket: createCommandHandler({ store, registry, decider: ticketDecider }),
    chat: createCommandHandler({ store, registry, decider: chatDecider }),
    agent: createCommandHandler({ store, registry, decider: agentDecider }),
    customer: createCommandHandler({ store, registry, decider: customerDecider }),
    activity: createCommandHandler({ store, registry, decider: customerActivityDecider }),
  };
  return {
    async send(category, id, command, principal, commandId) {
      const handler = handlers[category] as CommandHandler<CommandsByCategory[typeof category], DomainEvent>;
      const result = await handler.handle({
        streamId: streamId(category, id),
        command,
        commandId,
        // The actor is always the authenticated caller: no input can name someone else.
        context: { now: clock(), actor: { id: principal.id, role: principal.role } },
      });
      return { version: result.streamVersion, checkpoint: result.checkpoint, events: result.events };
    },
  };
}
