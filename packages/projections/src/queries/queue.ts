import type { TicketPriority } from '@support-engine/domain';
import type { WorkKind } from '@support-engine/domain/agent';
import { primaryLanguage } from '@support-engine/domain/assignment';
import type { ChatPriority } from '@support-engine/domain/chat';
import { PRIORITY_RANK } from '@support-engine/domain/routing';
import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { TICKET_COLUMNS, type TicketView, ticketView } from './views.js';

/** Entries a queue view returns unless asked for fewer. */
export const DEFAULT_QUEUE_SIZE = 50;
/** Most entries a queue view returns at once. */
export const MAX_QUEUE_SIZE = 200;

/** Filters of {@link workQueue}; each given filter narrows the queue. */
export interface WorkQueueFilter {
  readonly kind?: WorkKind;
  /** Support tiers (chats are tier 1). */
  readonly tier?: readonly number[];
  /** Exact category. */
  readonly category?: string;
  /** Matched on the primary subtag, as routing matches languages: `en` and `en-GB` match each other. */
  readonly language?: string;
  /** Matched by rank, as the queue orders them: `normal` (tickets) and `medium` (chats) select each other. */
  readonly priority?: readonly (TicketPriority | ChatPriority)[];
  /** Only items that have waited longer than this at `now`. */
  readonly olderThanMs?: number;
}

/** Options of {@link workQueue}. */
export interface WorkQueueOptions extends WorkQueueFilter {
  /** The instant waits are measured at. */
  readonly now: Date;
  /** Most entries returned, at most {@link MAX_QUEUE_SIZE}. */
  readonly first: number;
}

/** One item waiting for an agent: an open, unassigned ticket or a waiting chat. */
export interface WorkQueueEntry {
  /** 1-based place in the filtered queue. */
  readonly position: number;
  readonly kind: WorkKind;
  readonly id: string;
  readonly priority: string;
  readonly tier: number;
  readonly category: string | null;
  readonly language: string | null;
  readonly customerId: string;
  readonly queuedSince: Date;
  /** How long it has waited at `now` (never negative). */
  readonly waitingMs: number;
}

/** The domain's rank of a priority, in SQL; a priority the domain does not know ranks last. */
const priorityRank = sql<number>`case q.priority ${sql.join(
  Object.entries(PRIORITY_RANK).map(([priority, rank]) => sql`when ${sql.lit(priority)} then ${sql.lit(rank)}`),
  sql` `,
)} end`;

/**
 * The queue the router works through, filtered: open unassigned tickets and waiting chats in
 * routing order (priority rank, then longest waiting, then kind and id, so ties never swap).
 */
export async function workQueue(db: Kysely<ReadModelTables>, options: WorkQueueOptions): Promise<WorkQueueEntry[]> {
  const tickets = db
    .selectFrom('tickets')
    .select([
      sql<WorkKind>`'ticket'`.as('kind'),
      'ticket_id as id',
      'priority',
      'tier',
      'category',
      'language',
      'customer_id',
      'queued_since',
    ])
    .where('queued_since', 'is not', null);
  const chats = db
    .selectFrom('chat_sessions')
    .select([
      sql<WorkKind>`'chat'`.as('kind'),
      'chat_id as id',
      'priority',
      sql<number>`1`.as('tier'),
      'category',
      'language',
      'customer_id',
      sql<Date>`coalesce(queued_since, started_at)`.as('queued_since'),
    ])
    .where('status', '=', 'waiting');
  let query = db.selectFrom(tickets.unionAll(chats).as('q')).selectAll('q').$narrowType<{ queued_since: Date }>();
  if (options.kind !== undefined) query = query.where('q.kind', '=', options.kind);
  if (options.tier?.length) query = query.where('q.tier', 'in', options.tier);
  if (options.category !== undefined) query = query.where('q.category', '=', options.category);
  if (options.language !== undefined) {
    query = query.where(sql`split_part(lower(q.language), '-', 1)`, '=', primaryLanguage(options.language));
  }
  if (options.priority?.length) {
    query = query.where(priorityRank, 'in', [...new Set(options.priority.map((p) => PRIORITY_RANK[p]))]);
  }
  if (options.olderThanMs !== undefined) {
    query = query.where('q.queued_since', '<', new Date(options.now.getTime() - options.olderThanMs));
  }
  const rows = await query
    .orderBy(priorityRank)
    .orderBy('q.queued_since')
    .orderBy('q.kind')
    .orderBy('q.id')
    .limit(Math.min(options.first, MAX_QUEUE_SIZE))
    .execute();
  return rows.map((row, index) => ({
    position: index + 1,
    kind: row.kind,
    id: row.id,
    priority: row.priority,
    tier: row.tier,
    category: row.category,
    language: row.language,
    customerId: row.customer_id,
    queuedSince: row.queued_since,
    waitingMs: Math.max(0, options.now.getTime() - row.queued_since.getTime()),
  }));
}

/** The supervisors' queue: open tickets escalated past the top tier, oldest first. */
export async function supervisorQueue(db: Kysely<ReadModelTables>, options: { first: number }): Promise<TicketView[]> {
  const rows = await db
    .selectFrom('tickets')
    .select(TICKET_COLUMNS)
    .where('with_supervisors', '=', true)
    .orderBy('opened_at')
    .orderBy('ticket_id')
    .limit(Math.min(options.first, MAX_QUEUE_SIZE))
    .execute();
  return rows.map(ticketView);
}
