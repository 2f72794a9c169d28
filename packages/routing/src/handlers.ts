import {
  type AgentCommand,
  type AgentEvent,
  agentDecider,
  type ChatCommand,
  type ChatEvent,
  chatDecider,
  type EventSchemaRegistry,
  type TicketCommandInput,
  type TicketEvent,
  ticketDecider,
} from '@support-engine/domain';
import { type CommandHandler, createCommandHandler, type EventStore } from '@support-engine/eventstore';
import { createSlaConfigurationSource, withSlaConfiguration } from './sla-configuration.js';

/** The command handlers of the streams work moves between: agents (their ledgers), chats and tickets. */
export interface WorkHandlers {
  readonly agent: CommandHandler<AgentCommand, AgentEvent>;
  readonly chat: CommandHandler<ChatCommand, ChatEvent>;
  readonly ticket: CommandHandler<TicketCommandInput, TicketEvent>;
}

/**
 * Most agent streams whose state a process keeps. An agent's stream grows by two events per
 * chat or ticket (reserve, release), so it is the one stream worth not re-reading on every
 * hand-over; a stale entry only costs a conflict and a re-read (see the command handler's cache).
 */
const CACHED_AGENT_STREAMS = 10_000;

/**
 * The three handlers over one store. The ticket and chat handlers give the commands that follow
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
    chat: withSlaConfiguration(createCommandHandler({ store, registry, decider: chatDecider }), configuration),
    ticket: withSlaConfiguration(createCommandHandler({ store, registry, decider: ticketDecider }), configuration),
  };
}
