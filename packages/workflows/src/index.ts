/**
 * Temporal side of the support engine: the ticket and chat entity workflows, their activities,
 * the worker, and the reactor that turns logged events into workflow signals.
 * This entry point is for the worker process and for clients (API, CLI); workflow code lives
 * in `./workflows/` and is only loaded through the worker's bundle.
 */
export {
  type Activities,
  AUTOMATION_ACTOR,
  type CommandOutcome,
  type CommandRequest,
  createActivities,
} from './activities.js';
export {
  bundleWorkflows,
  WORKFLOW_BUNDLER_OPTIONS,
  WORKFLOW_INTERCEPTOR_MODULES,
  WORKFLOWS_PATH,
} from './bundle.js';
export { loadConfig, NAMED_SLA_POLICIES, type ReactorConfig, type WorkerConfig } from './config.js';
export {
  type ChatWorkflowInput,
  type ChatWorkflowSettings,
  type ChatWorkflowView,
  chatViewQuery,
  type DeliveredEvent,
  deliverEventSignal,
  type NextTimer,
  slaStatusQuery,
  type TicketWorkflowInput,
  type TicketWorkflowSettings,
  type TicketWorkflowView,
  ticketViewQuery,
} from './contract.js';
export { automationCommandId, type EntityKind, entityOfStream } from './ids.js';
export { type Logger, temporalLoggerFrom } from './logger.js';
export { createReactor, type Reactor, type ReactorOptions } from './reactor.js';
export { createPostgresReactorCheckpoints, migrateReactor, type ReactorCheckpoints } from './reactor-checkpoints.js';
export { type ReplayOutcome, replayHistoryFiles } from './replay.js';
export {
  AssigneeIdAttribute,
  assertSearchAttributes,
  ChatStatusAttribute,
  CustomerIdAttribute,
  MissingSearchAttributesError,
  SlaStateAttribute,
  TicketPriorityAttribute,
  TicketStatusAttribute,
  WORKFLOW_SEARCH_ATTRIBUTES,
} from './search-attributes.js';
export {
  tracedClient,
  tracingActivityInterceptors,
  type WorkflowSpanExport,
  workflowSpanSinks,
} from './tracing.js';
export { type RunningWorker, runWorker, type WorkerOverrides } from './worker.js';
