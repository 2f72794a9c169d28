/**
 * Work reaching agents: the hand-over (a slot reserved on the agent's stream, then the item
 * records its agent), the chat start (an open-chat slot reserved on the customer's stream, then
 * the chat starts), and the router that routes queued chats and tickets from the log.
 */

export { ROUTER_ACTOR } from './actor.js';
export {
  type BoardStore,
  createBoardStore,
  createMemoryBoardStore,
  migrateRouting,
  RouterCheckpointConflictError,
} from './board-store.js';
export { loadRouterConfig, type RouterConfig } from './config.js';
export {
  type CycleOptions,
  type CyclePhases,
  createRouterCycles,
  type RouterCycle,
  type RouterCycles,
} from './cycle.js';
export {
  type ChatStartRequest,
  createHandOvers,
  type HandOverOptions,
  type HandOverRequest,
  type HandOvers,
  type Settlement,
  type StartChatCommand,
} from './hand-over.js';
export { createWorkHandlers, type WorkHandlers } from './handlers.js';
export { createRouter, type Router, type RouterOptions } from './router.js';
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
