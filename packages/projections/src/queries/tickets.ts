import {
  PRIORITIES_MOST_URGENT_FIRST,
  priorityRank,
  TICKET_STATUSES,
  type TicketPriority,
} from '@support-engine/domain/ticket';
import {
  CURSOR_PREFIX,
  decodeCursor,
  decodeRankedCursor,
  type Page,
  pageSize,
  toPage,
  toRankedPage,
} from '@support-engine/eventstore-postgres';
import { type ExpressionBuilder, type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import { FOLDED_WORDS, messageWordsQuery } from '../read-models/articles/text-search.js';
import { TICKET_LIST_FILTERS, type TicketListFilter } from '../read-models/tickets/columns.js';

export type { TicketListFilter } from '../read-models/tickets/columns.js';

import type { ReadModelTables, TicketsTable } from '../schema.js';
import { foldedContains } from './customers.js';
import { afterMessage, fromTheEnd, type MessageOptions, messageLimit } from './messages.js';
import { samePlanSql } from './plan-condition.js';
import { TICKET_COLUMNS, type TicketMessageView, type TicketView, ticketMessageView, ticketView } from './views.js';

/**
 * The filters on a set of values, one per field the table describes as filtered on
 * (`TICKET_LIST_FILTERS`): tickets whose value is one of those given; none or an empty set keeps all.
 */
export type TicketListFilters = { readonly [F in TicketListFilter]?: readonly string[] };

/** The set-of-values filters among a request's (null, as GraphQL sends an unset one, or absent: left out). */
export function ticketListFilters(
  filter: {
    readonly [F in TicketListFilter]?: readonly string[] | null;
  },
): TicketListFilters {
  const filters: { [F in TicketListFilter]?: readonly string[] } = {};
  for (const [field] of TICKET_LIST_FILTERS) {
    const values = filter[field];
    if (values != null) filters[field] = values;
  }
  return filters;
}

/** Filters of {@link listTickets}; each given filter narrows the list. */
export interface TicketFilter extends TicketListFilters {
  /** An agent id, or `null` for unassigned tickets. */
  readonly assigneeId?: string | null;
  readonly customerId?: string;
  readonly category?: string;
  /** Tickets opened under this plan (compared as the domain's `planKey` does: case and surrounding space do not matter). */
  readonly plan?: string;
  /** Tickets in their current status since before this instant ("waiting for more than 3 days"). */
  readonly statusSinceBefore?: Date;
  /** Tickets that changed at or after this instant (what a sync fetches since its last run). */
  readonly updatedSince?: Date;
  /**
   * Tickets in one of these statuses since before its instant (the domain's `staleBounds`: the
   * guide's staleness rules); an empty list keeps none.
   */
  readonly stale?: readonly { readonly status: string; readonly since: Date }[];
  /** Tickets carrying every one of these tags (normalized as the domain's `Tag` does). */
  readonly tags?: readonly string[];
  /** Tickets whose SLA stands in one of these states (the domain's `SlaSummary`: `warning`, `breached`, ...). */
  readonly slaState?: readonly string[];
  /**
   * Full-text search over the subject and the messages (web-search syntax: words, "phrases",
   * -not), the text within the customer's name or email, or the ticket's id.
   */
  readonly search?: string;
  /**
   * Tickets whose tier and required skill are one of these (what the domain's `inAgentQueues`
   * judges an item by); an empty list keeps none. See {@link ticketQueueKeys}.
   */
  readonly queues?: readonly TicketQueueKey[];
}

/** What places an unassigned ticket in an agent's queues: its tier and the skill its category requires. */
export interface TicketQueueKey {
  readonly tier: number;
  readonly requiredSkill: string | null;
}

/**
 * The skill a ticket's category requires, as its SLA terms recorded it (the domain's state, the
 * router's `requiredSkill`); '' for none, and for a row projected before the state was kept (0048).
 */
const REQUIRED_SKILL = sql<string>`coalesce(t.state->'sla'->>'requiredSkill', '')`;

/**
 * The distinct tiers and required skills of the tickets nobody holds: the few keys the domain's
 * `inAgentQueues` is asked about, so that a list's `queues` filter is its answer and no SQL copy of it.
 */
export async function ticketQueueKeys(db: Kysely<ReadModelTables>): Promise<TicketQueueKey[]> {
  const rows = await db
    .selectFrom('tickets as t')
    .select(['t.tier', REQUIRED_SKILL.as('skill')])
    .distinct()
    .where('t.assignee_id', 'is', null)
    .execute();
  return rows.map((row) => ({ tier: row.tier, requiredSkill: row.skill === '' ? null : row.skill }));
}

/** Options of {@link listTickets}. */
export interface ListTicketsOptions extends TicketMatch {
  /** Page size, 1..100; 20 by default. */
  readonly first?: number;
  /** Cursor of the previous page's `nextCursor`. */
  readonly after?: string;
  /**
   * `newest` (default): by opening time, newest first. `longest_in_status`: the ticket longest in
   * its current status first (the staleness views). `sla_deadline`: the soonest next SLA deadline
   * first (overdue ones before all), tickets without a running clock last: what breaches next.
   * `updated`: the least recently changed first, a sync's feed (with `updatedSince`). In the last
   * three, a ticket that changes while a client pages may move past the page, as in any queue
   * view; by `updated` it comes again at the end, so a sync misses no change. `priority`: urgent
   * first, then high, normal, low (the domain's `priorityRank`), each the longest open first (by
   * opening time, then id); a ticket whose priority changes while a client pages moves as above.
   */
  readonly order?: TicketOrder;
  /**
   * What the newest-first list's cursors start with: another list of tickets (a customer's) names
   * its own, so a cursor of one is refused by the other. `CURSOR_PREFIX.tickets` by default.
   */
  readonly cursorPrefix?: string;
}

/** The orders of {@link listTickets}. */
export type TicketOrder = 'newest' | 'longest_in_status' | 'sla_deadline' | 'updated' | 'priority';

type ListedRow = Pick<Selectable<TicketsTable>, 'status_since' | 'sla_next_deadline' | 'updated_at'>;

/** Where tickets without a next SLA deadline sort: after every deadline, as a cursor can still name it. */
const NO_DEADLINE = new Date('9999-12-31T23:59:59.999Z');

/**
 * The orders that list the smallest key first: the key as SQL, a row's key, and the prefix that
 * tells their cursors apart (from each other and from the newest-first list's).
 */
const ASCENDING_ORDERS: Readonly<
  Record<
    Exclude<TicketOrder, 'newest' | 'priority'>,
    { key: RawBuilder<Date>; keyOf: (row: ListedRow) => Date; prefix: string }
  >
> = {
  longest_in_status: {
    key: sql<Date>`t.status_since`,
    keyOf: (row) => new Date(row.status_since),
    prefix: CURSOR_PREFIX.ticketsLongestInStatus,
  },
  sla_deadline: {
    key: sql<Date>`coalesce(t.sla_next_deadline, ${NO_DEADLINE})`,
    keyOf: (row) => (row.sla_next_deadline === null ? NO_DEADLINE : new Date(row.sla_next_deadline)),
    prefix: CURSOR_PREFIX.ticketsBySlaDeadline,
  },
  updated: {
    key: sql<Date>`t.updated_at`,
    keyOf: (row) => new Date(row.updated_at),
    prefix: CURSOR_PREFIX.ticketsByUpdate,
  },
};

/**
 * A priority's rank in SQL, as the domain's `priorityRank` gives it (1-based here, an unknown
 * priority last): the same text as the expression of the `tickets_priority` index (migration 0049),
 * so the planner uses it; literal rather than bound, for that reason.
 */
const PRIORITY_RANK = sql<number>`array_position(array[${sql.raw(
  PRIORITIES_MOST_URGENT_FIRST.map((priority) => `'${priority}'`).join(', '),
)}]::text[], t.priority)`;

/** Tickets by priority, urgent first, then by opening time and id, paginated by (rank, opened_at, id). */
async function listTicketsByPriority(
  query: ReturnType<typeof ticketsMatching>,
  limit: number,
  after: string | undefined,
): Promise<Page<TicketView>> {
  const prefix = CURSOR_PREFIX.ticketsByPriority;
  if (after !== undefined) {
    const { rank, at, id } = decodeRankedCursor(after, prefix);
    query = query.where(sql<boolean>`(${PRIORITY_RANK}, t.opened_at, t.ticket_id) > (${rank + 1}, ${at}, ${id})`);
  }
  const rows = await query
    .orderBy(PRIORITY_RANK)
    .orderBy('t.opened_at')
    .orderBy('t.ticket_id')
    .limit(limit + 1)
    .execute();
  const keyset = (row: (typeof rows)[number]) => ({
    rank: priorityRank(row.priority as TicketPriority),
    at: new Date(row.opened_at),
    id: row.ticket_id,
  });
  return toRankedPage(rows, limit, keyset, ticketView, prefix);
}

/**
 * Tickets, newest first (by opening time, then id), filtered and paginated by keyset: a page
 * starts strictly after the cursor's row, so rows are never skipped or repeated even while
 * tickets change (the sort key is immutable).
 */
export async function listTickets(
  db: Kysely<ReadModelTables>,
  options: ListTicketsOptions = {},
): Promise<Page<TicketView>> {
  const limit = pageSize(options.first);
  let query = ticketsMatching(db, options);
  if (options.order === 'priority') return listTicketsByPriority(query, limit, options.after);
  if (options.order !== undefined && options.order !== 'newest') {
    const { key, keyOf, prefix } = ASCENDING_ORDERS[options.order];
    if (options.after !== undefined) {
      const { at, id } = decodeCursor(options.after, prefix);
      query = query.where(sql<boolean>`(${key}, t.ticket_id) > (${at}, ${id})`);
    }
    const rows = await query
      .orderBy(key)
      .orderBy('t.ticket_id')
      .limit(limit + 1)
      .execute();
    const keyset = (row: (typeof rows)[number]) => ({ at: keyOf(row), id: row.ticket_id });
    return toPage(rows, limit, keyset, ticketView, prefix);
  }
  const prefix = options.cursorPrefix ?? CURSOR_PREFIX.tickets;
  if (options.after !== undefined) {
    const { at, id } = decodeCursor(options.after, prefix);
    query = query.where(sql<boolean>`(t.opened_at, t.ticket_id) < (${at}, ${id})`);
  }
  const rows = await query
    .orderBy('t.opened_at', 'desc')
    .orderBy('t.ticket_id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit, (row) => ({ at: row.opened_at, id: row.ticket_id }), ticketView, prefix);
}

/** Filters of {@link ticketsMatching}: a list's, and whether its search reads internal notes. */
export interface TicketMatch extends TicketFilter {
  /** False for customers: the search then never matches the text of internal notes. */
  readonly includeInternal?: boolean;
}

/** The tickets `filter` keeps, every column a query returns selected (`t` the table), unordered. */
export function ticketsMatching(db: Kysely<ReadModelTables>, filter: TicketMatch) {
  let query = db.selectFrom('tickets as t').select(TICKET_COLUMNS.map((c) => `t.${c}` as const));
  for (const [field, column] of TICKET_LIST_FILTERS) {
    const values = filter[field];
    if (values?.length) query = query.where(`t.${column}`, 'in', values);
  }
  if (filter.assigneeId !== undefined) {
    query =
      filter.assigneeId === null
        ? query.where('t.assignee_id', 'is', null)
        : query.where('t.assignee_id', '=', filter.assigneeId);
  }
  if (filter.customerId !== undefined) query = query.where('t.customer_id', '=', filter.customerId);
  if (filter.category !== undefined) query = query.where('t.category', '=', filter.category);
  if (filter.plan !== undefined) query = query.where(samePlanSql(sql.ref('t.plan'), filter.plan));
  if (filter.statusSinceBefore !== undefined) query = query.where('t.status_since', '<', filter.statusSinceBefore);
  if (filter.updatedSince !== undefined) query = query.where('t.updated_at', '>=', filter.updatedSince);
  const { stale } = filter;
  if (stale !== undefined)
    query = query.where((eb) =>
      eb.or(stale.map(({ status, since }) => eb.and([eb('t.status', '=', status), eb('t.status_since', '<', since)]))),
    );
  if (filter.tags?.length) query = query.where(sql<boolean>`t.tags @> ${sql.val([...filter.tags])}::text[]`);
  if (filter.slaState?.length) query = query.where('t.sla_state', 'in', filter.slaState);
  const { queues } = filter;
  if (queues !== undefined) {
    const keys = queues.map(({ tier, requiredSkill }) => sql`(${tier}::int, ${requiredSkill ?? ''}::text)`);
    query = query.where(
      keys.length === 0 ? sql<boolean>`false` : sql<boolean>`(t.tier, ${REQUIRED_SKILL}) in (${sql.join(keys)})`,
    );
  }
  if (filter.search?.trim()) {
    const text = filter.search.trim();
    query = query.where((eb) => matchesSearch(eb, text, filter.includeInternal ?? true));
  }
  return query;
}

function matchesSearch(
  eb: ExpressionBuilder<ReadModelTables & { t: ReadModelTables['tickets'] }, 't'>,
  text: string,
  includeInternal: boolean,
) {
  const query = messageWordsQuery(text);
  // The guide's search is "by subject, message, email or user name": the customer's words join the
  // ticket's, so a query may mix them ("Keller export", "alice@example.com remboursement",
  // "\"Alice Martin\"", "alice -refund"), with a message's words too.
  const customerWords = sql`coalesce((select to_tsvector(${sql.lit(FOLDED_WORDS)}, coalesce(c.name, '') || ' ' || coalesce(c.email, ''))
    from customers c where c.customer_id = t.customer_id), ''::tsvector)`;
  const ticketWords = sql`(t.search || ${customerWords})`;
  const inMessages = eb
    .selectFrom('ticket_messages as m')
    .select(sql`1`.as('one'))
    .whereRef('m.ticket_id', '=', 't.ticket_id')
    .where(sql<boolean>`(m.search || ${ticketWords}) @@ ${query}`);
  // And any part of the name or email as typed ("alice@exa", "Mart").
  const byCustomer = eb
    .selectFrom('customers as c')
    .select(sql`1`.as('one'))
    .whereRef('c.customer_id', '=', 't.customer_id')
    .where((c) => c.or([foldedContains(sql.ref('c.email'), text), foldedContains(sql.ref('c.name'), text)]));
  return eb.or([
    // Its id, as an agent pastes it from a mail or a link.
    eb('t.ticket_id', '=', text),
    sql<boolean>`${ticketWords} @@ ${query}`,
    eb.exists(includeInternal ? inMessages : inMessages.where('m.internal', '=', false)),
    eb.exists(byCustomer),
  ]);
}

/** A ticket with its messages. */
export interface TicketDetail {
  readonly ticket: TicketView;
  readonly messages: TicketMessageView[];
}

/** The columns of a message view. */
const MESSAGE_COLUMNS = [
  'message_id',
  'ticket_id',
  'seq',
  'author_kind',
  'author_id',
  'source',
  'internal',
  'body',
  'at',
  'attachments',
  'articles',
  'mail',
] as const;

/** One ticket and its first messages in order, or `null`. */
export async function getTicket(
  db: Kysely<ReadModelTables>,
  ticketId: string,
  options: MessageOptions,
): Promise<TicketDetail | null> {
  const row = await db
    .selectFrom('tickets')
    .select(TICKET_COLUMNS)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  if (!row) return null;
  const messages = await ticketMessagesOf(db, [ticketId], options);
  return { ticket: ticketView(row), messages: messages.get(ticketId) ?? [] };
}

/**
 * The first (or, with `last`, the last) messages of each of `ticketIds`, in order, in one query (a list page's tickets
 * together, not one query per ticket); a ticket without messages (or without any the caller may
 * see) is missing from the map.
 */
export async function ticketMessagesOf(
  db: Kysely<ReadModelTables>,
  ticketIds: readonly string[],
  options: MessageOptions,
): Promise<Map<string, TicketMessageView[]>> {
  const byTicket = new Map<string, TicketMessageView[]>();
  if (ticketIds.length === 0) return byTicket;
  let messages = db
    .selectFrom('ticket_messages')
    .select(MESSAGE_COLUMNS)
    .select(
      fromTheEnd(options)
        ? sql<string>`row_number() over (partition by ticket_id order by seq desc)`.as('n')
        : sql<string>`row_number() over (partition by ticket_id order by seq)`.as('n'),
    )
    .where('ticket_id', 'in', ticketIds);
  if (!options.includeInternal) messages = messages.where('internal', '=', false);
  const after = afterMessage('ticket', options);
  if (after !== null) messages = messages.where(after);
  const rows = await db
    .selectFrom(messages.as('m'))
    .select(MESSAGE_COLUMNS)
    .where('n', '<=', String(messageLimit(options)))
    .orderBy('ticket_id')
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const list = byTicket.get(row.ticket_id) ?? [];
    list.push(ticketMessageView(row));
    byTicket.set(row.ticket_id, list);
  }
  return byTicket;
}

/** Tickets per status and in total (what every dashboard shows). */
export type StatusCounts = Record<(typeof TICKET_STATUSES)[number], number> & { total: number };

/** The ticket count of every status (zero for statuses without tickets) and the total. */
export async function ticketStatusCounts(db: Kysely<ReadModelTables>): Promise<StatusCounts> {
  const rows = await db.selectFrom('ticket_status_counts').select(['status', 'count']).execute();
  const counts = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as StatusCounts;
  counts.total = 0;
  for (const row of rows) {
    counts[row.status as keyof StatusCounts] = Number(row.count);
    counts.total += Number(row.count);
  }
  return counts;
}

/** How many tickets carry a tag. */
export interface TagCount {
  readonly tag: string;
  readonly count: number;
}

/**
 * Tickets per tag, most used first (then by tag), over the tickets in `status` (every ticket
 * when empty or omitted); at most `first` tags (50 by default, 500 at most).
 */
export async function ticketTagCounts(
  db: Kysely<ReadModelTables>,
  options: { readonly status?: readonly string[]; readonly first?: number } = {},
): Promise<TagCount[]> {
  const limit = Math.min(Math.max(options.first ?? 50, 1), 500);
  let query = db
    .selectFrom(sql<{ tag: string; status: string }>`(select unnest(tags) as tag, status from tickets)`.as('t'))
    .select(['t.tag', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('t.tag');
  if (options.status?.length) query = query.where('t.status', 'in', options.status);
  const rows = await query.orderBy('count', 'desc').orderBy('t.tag').limit(limit).execute();
  return rows.map((row) => ({ tag: row.tag, count: Number(row.count) }));
}
