export * from './agents.js';
export * from './chats.js';
export { decodeCursor, encodeCursor, type Keyset, MAX_PAGE_SIZE, type Page } from './cursor.js';
export * from './metrics.js';
export * from './notifications.js';
export * from './queue.js';
export * from './tickets.js';
export type { AgentView, ChatMessageView, ChatView, TicketMessageView, TicketView } from './views.js';
export * from './work.js';
