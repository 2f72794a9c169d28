import type { Kysely } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { listChats } from './chats.js';
import { openStatusSql } from './ticket-conditions.js';
import { type ChatView, TICKET_COLUMNS, type TicketView, ticketView } from './views.js';

/** What an agent is working on. */
export interface AgentWork {
  /** Assigned to them and neither resolved nor closed, oldest first. */
  readonly tickets: TicketView[];
  /** Active chats they hold, oldest first. */
  readonly chats: ChatView[];
}

/** Most open tickets {@link agentWork} lists, like the chat list's bound: far above any ticket cap. */
const MAX_OPEN_TICKETS = 500;

/** The agent's own open tickets and active chats. */
export async function agentWork(db: Kysely<ReadModelTables>, agentId: string): Promise<AgentWork> {
  const [tickets, chats] = await Promise.all([
    db
      .selectFrom('tickets')
      .select(TICKET_COLUMNS)
      .where('assignee_id', '=', agentId)
      .where(openStatusSql())
      .orderBy('opened_at')
      .orderBy('ticket_id')
      .limit(MAX_OPEN_TICKETS)
      .execute(),
    listChats(db, { status: ['active'], assigneeId: agentId }),
  ]);
  return { tickets: tickets.map(ticketView), chats };
}
