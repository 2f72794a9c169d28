import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';

/** A low rating's follow-up, on a ticket or a chat, as supervisors work them. */
export interface CsatFollowUp {
  readonly kind: 'ticket' | 'chat';
  /** The ticket's or the chat's id. */
  readonly id: string;
  readonly customerId: string;
  /** Who held the ticket or the chat. */
  readonly agentId: string | null;
  /** The ticket's subject; null for a chat. */
  readonly subject: string | null;
  readonly score: number;
  readonly comment: string | null;
  /** Null for ratings recorded before the request time was kept (a rebuild fills it). */
  readonly requestedAt: Date | null;
  readonly completedAt: Date | null;
  readonly note: string | null;
}

/** Which follow-ups to list, and how many (1 to 200; 50 by default). */
export interface FollowUpQueueOptions {
  readonly state?: 'open' | 'done';
  readonly first?: number;
}

/**
 * The follow-ups low ratings asked for, tickets' and chats' together: the open ones oldest first
 * (the longest-waiting customer comes first), or the done ones latest first.
 */
export async function listFollowUps(
  db: Kysely<ReadModelTables>,
  options: FollowUpQueueOptions = {},
): Promise<CsatFollowUp[]> {
  const done = options.state === 'done';
  const first = Math.min(Math.max(Math.trunc(options.first ?? 50), 1), 200);
  const pending = done ? sql`follow_up_completed_at is not null` : sql`follow_up_completed_at is null`;
  const order = done ? sql`completed_at desc, kind, id` : sql`requested_at nulls first, kind, id`;
  const { rows } = await sql<{
    kind: 'ticket' | 'chat';
    id: string;
    customer_id: string;
    agent_id: string | null;
    subject: string | null;
    score: number;
    comment: string | null;
    requested_at: Date | null;
    completed_at: Date | null;
    note: string | null;
  }>`
    select * from (
      select 'ticket' as kind, ticket_id as id, customer_id, assignee_id as agent_id, subject,
        csat_score as score, csat_comment as comment, follow_up_requested_at as requested_at,
        follow_up_completed_at as completed_at, follow_up_note as note
      from tickets where follow_up_requested and ${pending}
      union all
      select 'chat', chat_id, customer_id, assignee_id, null, csat_score, csat_comment,
        follow_up_requested_at, follow_up_completed_at, follow_up_note
      from chat_sessions where follow_up_requested and ${pending}
    ) follow_ups
    order by ${order}
    limit ${first}`.execute(db);
  return rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    customerId: row.customer_id,
    agentId: row.agent_id,
    subject: row.subject,
    score: row.score,
    comment: row.comment,
    requestedAt: row.requested_at,
    completedAt: row.completed_at,
    note: row.note,
  }));
}
