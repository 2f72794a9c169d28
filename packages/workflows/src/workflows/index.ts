// The workflow bundle's entry point: only deterministic code is reachable from here (the domain,
// the Temporal workflow API, and type-only imports of the activities).
export { type ChatWorkflowResult, chatWorkflow } from './chat.js';
export { type TicketWorkflowResult, ticketWorkflow } from './ticket.js';
