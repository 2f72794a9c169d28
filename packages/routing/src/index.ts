/**
 * The router: it follows the log and routes queued chats and tickets to the best available agent,
 * through the application layer's hand-over (a slot reserved on the agent's stream, then the item
 * records its agent).
 */

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
export { createRouter, type Router, type RouterOptions } from './router.js';
