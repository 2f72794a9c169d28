export * from './agents.js';
export * from './article-details.js';
export * from './article-search-cache.js';
export * from './articles.js';
export * from './callbacks.js';
export * from './chat-metrics.js';
export * from './chat-search.js';
export * from './chats.js';
export * from './customers.js';
export * from './follow-ups.js';
export * from './held-mails.js';
export * from './kb-metrics.js';
export * from './live-board.js';
export * from './mailboxes.js';
export * from './messages.js';
export * from './metrics.js';
export * from './metrics-series.js';
export * from './popular-articles.js';
export { preparedStatement } from './prepared.js';
export * from './queue.js';
export * from './series-buckets.js';
export * from './staff-names.js';
export * from './staff-views.js';
export * from './ticket-export.js';
export * from './tickets.js';
export {
  type AgentView,
  type ChatMessageView,
  type ChatView,
  type PastTicketView,
  type TicketMessageView,
  type TicketView,
  ticketViewOfState,
} from './views.js';
export * from './what-if.js';
export * from './widgets.js';
export * from './work.js';
