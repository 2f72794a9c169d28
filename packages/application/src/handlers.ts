import { type CommandContext, type EventSchemaRegistry, streamId } from '@support-engine/domain';
import { type AgentCommand, type AgentEvent, agentDecider } from '@support-engine/domain/agent';
import {
  type ChatCommand,
  type ChatEvent,
  type ChatTimings,
  createChatDecider,
  DEFAULT_CHAT_TIMINGS,
} from '@support-engine/domain/chat';
import { type CustomerCommand, type CustomerEvent, customerDecider } from '@support-engine/domain/customer';
import type { Reaction } from '@support-engine/domain/routing';
import {
  createTicketDecider,
  DEFAULT_TICKET_TIMINGS,
  type TicketCommandInput,
  type TicketEvent,
  type TicketTimings,
} from '@support-engine/domain/ticket';
import {
  type CommandHandler,
  createCommandHandler,
  DEFAULT_STATE_CACHE,
  type DomainEvent,
  type EventStore,
  type HandleResult,
} from '@support-engine/eventstore';
import {
  createCustomerPlanSource,
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

/** A deployment's settings of the ticket and chat aggregates: the documented defaults when left out. */
export interface WorkSettings {
  /** The reminder and auto-close delays the ticket automation runs on. */
  readonly ticketTimings?: TicketTimings;
  /** How long a chat may stay silent before it closes. */
  readonly chatTimings?: ChatTimings;
}

/**
 * The handlers over one store, each keeping the states of the streams it handled last (see
 * `DEFAULT_STATE_CACHE`: a stale state costs a conflict and a read, never a wrong decision). The
 * ticket and chat handlers give the commands that follow the SLA configuration (a ticket's
 * opening, a category change, `RefreshSla`; a chat's start, for the desk's opening hours) the
 * configuration as the log holds it, and a ticket's opening the customer's plan. Every process
 * (the API, the router, the re-planner, the workers' activities) takes its handlers from here.
 */
export function createWorkHandlers(
  store: EventStore,
  registry: EventSchemaRegistry,
  settings: WorkSettings = {},
): WorkHandlers {
  const { ticketTimings = DEFAULT_TICKET_TIMINGS, chatTimings = DEFAULT_CHAT_TIMINGS } = settings;
  const configuration = createSlaConfigurationSource(store, registry);
  return {
    agent: createCommandHandler({
      store,
      registry,
      decider: agentDecider,
      cache: DEFAULT_STATE_CACHE,
    }),
    customer: createCommandHandler({
      store,
      registry,
      decider: customerDecider,
      cache: DEFAULT_STATE_CACHE,
    }),
    chat: withSlaConfiguration(
      createCommandHandler({ store, registry, decider: createChatDecider(chatTimings), cache: DEFAULT_STATE_CACHE }),
      configuration,
    ),
    ticket: withSlaConfiguration(
      createCommandHandler({
        store,
        registry,
        decider: createTicketDecider(ticketTimings),
        cache: DEFAULT_STATE_CACHE,
      }),
      configuration,
      createCustomerPlanSource(store, registry),
    ),
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
