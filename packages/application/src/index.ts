/**
 * The application layer: the one place the engine's command handlers are assembled with the
 * production settings (state cache, SLA configuration and customer plans in the context, the
 * deployment's timings), and the use cases that span aggregates: the hand-over that keeps an
 * agent's capacity an invariant, the chat start that keeps a customer's open chats within limit,
 * the acceptance of a held mail that adds it to its ticket, the claims that keep an email address and an article's slug unique, the command bus the API
 * sends through, and the SLA re-planner that records new terms on open tickets.
 */

export { ROUTER_ACTOR } from './actor.js';
export { linkableArticles } from './article-links.js';
export {
  type CommandActor,
  type CommandBus,
  type CommandBusOptions,
  type CommandObserver,
  createCommandBus,
  type Sent,
} from './bus.js';
export { type ChatConversion, convertChatToTicket } from './chat-conversion.js';
export { emailChatTranscript, type TranscriptRequest } from './chat-transcript.js';
export { customerOfAddress } from './customer-address.js';
export { createFoldedStream, type FoldedStream } from './folded-stream.js';
export { openFollowUp, profileLanguage } from './follow-ups.js';
export {
  type ChatStartRequest,
  createHandOvers,
  type HandOverOptions,
  type HandOverRequest,
  type HandOvers,
  type Settlement,
  type StartChatCommand,
} from './hand-over.js';
export {
  type CommandHandlers,
  type CommandSettings,
  type CommandsByCategory,
  createCommandHandlers,
  createWorkHandlers,
  type HandlersByCategory,
  issue,
  type WorkHandlers,
  type WorkSettings,
} from './handlers.js';
export { acceptHeldMail, type HeldMailAcceptance } from './held-mail.js';
export {
  type CustomerPlanSource,
  createCustomerPlanSource,
  createSlaConfigurationSource,
  type SlaConfigurationSource,
  withSlaConfiguration,
} from './sla-configuration.js';
export {
  createSlaReplanner,
  migrateSlaReplanner,
  REPLANNER_ACTOR,
  type SlaReplanner,
  type SlaReplannerOptions,
} from './sla-replanner.js';
export { acceptSuggestion, type SuggestionAcceptance } from './suggestions.js';
export { type MergedItems, mergeVisitor, type VisitorMerge } from './visitor-merge.js';
export {
  identifiedCustomer,
  identifiedCustomerId,
  registerVisitor,
  WIDGET_ACTOR,
  type WidgetIdentity,
} from './widget-customers.js';
