import {
  type AgentCommand,
  type AgentEvent,
  agentDecider,
  type ChatCommand,
  type ChatEvent,
  type CommandContext,
  type CustomerCommand,
  type CustomerEvent,
  chatDecider,
  customerDecider,
  type EventSchemaRegistry,
  type Reaction,
  streamId,
  type TicketCommandInput,
  type TicketEvent,
  ticketDecider,
} from '@support-engine/domain';
import {
  type CommandHandler,
  createCommandHandler,
  type DomainEvent,
  type EventStore,
  type HandleResult,
} from '@support-engine/eventstore';
import {
  createSlaConfigurationSource,
  type SlaConfigurationSource,
  withSlaConfiguration,
} from './sla-configuration.js';

/**
 * The command handlers of the streams work moves between: agents and customers (their ledgers:
 * agents' slots, customers' open chats), chats and tickets; and the SLA configuration the chat
 * and ticket handlers decide with.
 */
export interface WorkHandlers {
  readonly agent: CommandHandler<AgentCommand, AgentEvent>;
  readonly customer: CommandHandler<CustomerCommand, CustomerEvent>;
  readonly chat: CommandHandler<ChatCommand, ChatEvent>;
  readonly ticket: CommandHandler<TicketCommandInput, TicketEvent>;
  readonly configuration: SlaConfigurationSource;
}

/**
 * Most agent streams whose state a process keeps. An agent's stream grows by two events per
 * chat or ticket (reserve, release), so it is the one stream worth not re-reading on every
 * hand-over; a stale entry only costs a conflict and a re-read (see the command handler's cache).
 */
const CACHED_AGENT_STREAMS = 10_000;

/** Most customer streams whose state a process keeps: each open chat adds two events (reserve, release). */
const CACHED_CUSTOMER_STREAMS = 10_000;

/**
 * The handlers over one store. The ticket and chat handlers give the commands that follow
 * the SLA configuration (a ticket's opening, a category change, `RefreshSla`; a chat's start, for
 * the desk's opening hours) the configuration as the log holds it.
 */
export function createWorkHandlers(store: EventStore, registry: EventSchemaRegistry): WorkHandlers {
  const configuration = createSlaConfigurationSource(store, registry);
  return {
    agent: createCommandHandler({
      store,
      registry,
      decider: agentDecider,
      cache: { maxStreams: CACHED_AGENT_STREAMS },
    }),
    customer: createCommandHandler({
      store,
      registry,
      decider: customerDecider,
      cache: { maxStreams: CACHED_CUSTOMER_STREAMS },
    }),
    chat: withSlaConfiguration(createCommandHandler({ store, registry, decider: chatDecider }), configuration),
    ticket: withSlaConfiguration(createCommandHandler({ store, registry, decider: ticketDecider }), configuration),
    configuration,
  };
}

/** Issues a reaction (a command the routing rules ask for) on its stream under its command id. */
export function issue(
  handlers: WorkHandlers,
  reaction: Reaction,
  context: CommandContext,
): Promise<HandleResult<DomainEvent>> {
  const request = { streamId: streamId(reaction.category, reaction.id), commandId: reaction.commandId, context };
  switch (reaction.category) {
    case 'agent':
      return handlers.agent.handle({ ...request, command: reaction.command });
    case 'customer':
      return handlers.customer.handle({ ...request, command: reaction.command });
    case 'ticket':
      return handlers.ticket.handle({ ...request, command: reaction.command });
  }
}
