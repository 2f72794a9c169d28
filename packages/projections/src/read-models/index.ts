import type { Projection } from '../projection.js';
import { type AgentsProjectionOptions, createAgentsProjection } from './agents/projection.js';
import { type ArticlesProjectionOptions, createArticlesProjection } from './articles/projection.js';
import { type ChatsProjectionOptions, createChatsProjection } from './chats/projection.js';
import { createHeldMailsProjection, type HeldMailsProjectionOptions } from './held-mails/projection.js';
import { createMailboxesProjection, type MailboxesProjectionOptions } from './mailboxes/projection.js';
import { createStaffProjection, type StaffProjectionOptions } from './staff/projection.js';
import { createTicketsProjection, type TicketsProjectionOptions } from './tickets/projection.js';
import { createWidgetsProjection, type WidgetsProjectionOptions } from './widgets/projection.js';

export { DEFAULT_DELIVERY_PREFERENCE } from '@support-engine/domain/ticket';
export { type AgentsProjectionOptions, createAgentsProjection } from './agents/projection.js';
export { type ArticlesProjectionOptions, createArticlesProjection } from './articles/projection.js';
export { articleBodyText, renderArticleBody } from './articles/render.js';
export { type TextSearchConfig, textSearchConfig } from './articles/text-search.js';
export { type ChatsProjectionOptions, createChatsProjection } from './chats/projection.js';
export { createHeldMailsProjection, type HeldMailsProjectionOptions } from './held-mails/projection.js';
export { createMailboxesProjection, type MailboxesProjectionOptions } from './mailboxes/projection.js';
export { createStaffProjection, STAFF_VIEW_EVENT_TYPES, type StaffProjectionOptions } from './staff/projection.js';
export { createTicketsProjection, type TicketsProjectionOptions } from './tickets/projection.js';
export { fillReportRollup } from './tickets/report-rollup.js';
export { openingMessages, type TicketMessageRow } from './tickets/row.js';
export { createWidgetsProjection, type WidgetsProjectionOptions } from './widgets/projection.js';

/** Options of every built-in projection. */
export interface ProjectionsOptions {
  readonly tickets?: TicketsProjectionOptions;
  readonly chats?: ChatsProjectionOptions;
  readonly agents?: AgentsProjectionOptions;
  readonly articles?: ArticlesProjectionOptions;
  readonly staff?: StaffProjectionOptions;
  readonly heldMails?: HeldMailsProjectionOptions;
  readonly mailboxes?: MailboxesProjectionOptions;
  readonly widgets?: WidgetsProjectionOptions;
}

/** The built-in projections: tickets, chats, agents, articles, staff, held mails, mailboxes, widget keys. Run one projector per projection. */
export function createProjections(options: ProjectionsOptions = {}): Projection[] {
  return [
    createTicketsProjection(options.tickets),
    createChatsProjection(options.chats),
    createAgentsProjection(options.agents),
    createArticlesProjection(options.articles),
    createStaffProjection(options.staff),
    createHeldMailsProjection(options.heldMails),
    createMailboxesProjection(options.mailboxes),
    createWidgetsProjection(options.widgets),
  ];
}
