import { type CommandContext, type EventSchemaRegistry, type StreamCategory, streamId } from '@support-engine/domain';
import { type AgentCommand, type AgentEvent, agentDecider } from '@support-engine/domain/agent';
import {
  type ArticleCommand,
  articleReaderDecider,
  type RecordArticleView,
  type SlugClaimCommand,
  slugClaimDecider,
} from '@support-engine/domain/article';
import { type CannedReplyCommand, cannedRepliesDecider } from '@support-engine/domain/canned-reply';
import {
  type ChatCommand,
  type ChatEvent,
  type ChatTimings,
  createChatDecider,
  DEFAULT_CHAT_TIMINGS,
} from '@support-engine/domain/chat';
import {
  type CustomerCommand,
  type CustomerEvent,
  customerDecider,
  type EmailClaimCommand,
  emailClaimDecider,
} from '@support-engine/domain/customer';
import { type HeldMailCommand, heldMailDecider } from '@support-engine/domain/held-mail';
import { type KbCategoryCommand, kbCategoryDecider } from '@support-engine/domain/kb-category';
import { type MailboxCommand, mailboxesDecider } from '@support-engine/domain/mailbox';
import { type CustomerActivityCommand, customerActivityDecider } from '@support-engine/domain/proactive';
import type { Reaction } from '@support-engine/domain/routing';
import {
  createSlaConfigDecider,
  type SlaConfigCommand,
  type SlaConfigOptions,
} from '@support-engine/domain/sla-config';
import { type StaffCommand, staffDecider } from '@support-engine/domain/staff';
import {
  createTicketDecider,
  DEFAULT_TICKET_TIMINGS,
  type TicketCommandInput,
  type TicketEvent,
  type TicketTimings,
} from '@support-engine/domain/ticket';
import { type WebhookCommand, webhookDecider } from '@support-engine/domain/webhook';
import { type WidgetCommand, widgetsDecider } from '@support-engine/domain/widget';
import {
  type CommandHandler,
  createCommandHandler,
  DEFAULT_STATE_CACHE,
  type DomainEvent,
  type EventStore,
  type HandleResult,
} from '@support-engine/eventstore';
import { createArticleWrites } from './article-writes.js';
import { createCustomerWrites } from './customer-writes.js';
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

/** The commands a new ticket, customer or chat begins with, under an id of its own. */
const STREAM_STARTS: ReadonlySet<string> = new Set(['OpenTicket', 'RegisterCustomer', 'StartChat']);

/**
 * Whether a command begins its stream: decided without reading the stream first (an existing
 * stream costs a conflict and a read; see `startsStream`), one read less per ticket opened.
 */
const startsStream = (command: { readonly type: string }) => STREAM_STARTS.has(command.type);

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
      startsStream,
    }),
    chat: withSlaConfiguration(
      createCommandHandler({
        store,
        registry,
        decider: createChatDecider(chatTimings),
        cache: DEFAULT_STATE_CACHE,
        startsStream,
      }),
      configuration,
    ),
    ticket: withSlaConfiguration(
      createCommandHandler({
        store,
        registry,
        decider: createTicketDecider(ticketTimings),
        cache: DEFAULT_STATE_CACHE,
        startsStream,
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

/** The command each stream category accepts, as callers write it. */
export interface CommandsByCategory {
  ticket: TicketCommandInput;
  chat: ChatCommand;
  agent: AgentCommand;
  customer: CustomerCommand;
  custemail: EmailClaimCommand;
  activity: CustomerActivityCommand;
  staff: StaffCommand;
  webhook: WebhookCommand;
  slaconfig: SlaConfigCommand;
  cannedreplies: CannedReplyCommand;
  heldmail: HeldMailCommand;
  mailboxes: MailboxCommand;
  widgets: WidgetCommand;
  article: ArticleCommand;
  kbslug: SlugClaimCommand;
  kbcategory: KbCategoryCommand;
  kbreader: RecordArticleView;
}

/** Every stream category's handler: what a command of that category is sent to. */
export type HandlersByCategory = { readonly [K in StreamCategory]: CommandHandler<CommandsByCategory[K], DomainEvent> };

/** Every stream category's handler, and the work handlers the hand-over and the router take. */
export type CommandHandlers = HandlersByCategory & {
  /** The handlers of the streams work moves between, the same ones `ticket`, `chat` and `agent` are. */
  readonly work: WorkHandlers;
};

/** A deployment's settings of every aggregate: the documented defaults when left out. */
export interface CommandSettings extends WorkSettings {
  /** Whether SLA timings may leave the documented range. */
  readonly slaConfig?: SlaConfigOptions;
}

/**
 * Every command handler over one store, assembled once with the production settings: the work
 * handlers ({@link createWorkHandlers}), the customer's with one holder per email address, the
 * article's with one article per slug and locale, and the others' plain. Every process sends its
 * commands through these.
 */
export function createCommandHandlers(
  store: EventStore,
  registry: EventSchemaRegistry,
  settings: CommandSettings = {},
): CommandHandlers {
  const work = createWorkHandlers(store, registry, settings);
  return {
    work,
    agent: work.agent,
    customer: createCustomerWrites({ store, registry, customers: work.customer }),
    custemail: createCommandHandler({ store, registry, decider: emailClaimDecider }),
    chat: work.chat,
    ticket: work.ticket,
    activity: createCommandHandler({ store, registry, decider: customerActivityDecider }),
    staff: createCommandHandler({ store, registry, decider: staffDecider }),
    webhook: createCommandHandler({ store, registry, decider: webhookDecider }),
    slaconfig: createCommandHandler({ store, registry, decider: createSlaConfigDecider(settings.slaConfig ?? {}) }),
    cannedreplies: createCommandHandler({ store, registry, decider: cannedRepliesDecider }),
    heldmail: createCommandHandler({ store, registry, decider: heldMailDecider }),
    // A mailbox names one of the SLA configuration's categories: it is decided with the configuration.
    mailboxes: withSlaConfiguration(
      createCommandHandler({ store, registry, decider: mailboxesDecider }),
      work.configuration,
    ),
    // A widget's topics name the SLA configuration's categories: decided with the configuration too.
    widgets: withSlaConfiguration(
      createCommandHandler({ store, registry, decider: widgetsDecider }),
      work.configuration,
    ),
    article: createArticleWrites({ store, registry }),
    kbslug: createCommandHandler({ store, registry, decider: slugClaimDecider }),
    kbcategory: createCommandHandler({ store, registry, decider: kbCategoryDecider }),
    kbreader: createCommandHandler({ store, registry, decider: articleReaderDecider }),
  };
}
