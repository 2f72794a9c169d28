import { type Kysely, type Selectable, sql } from 'kysely';
import type { TicketColumn } from '../read-models/tickets/columns.js';
import type { ReadModelTables, TicketsTable } from '../schema.js';
import { type TicketMatch, ticketsMatching } from './tickets.js';

export { TICKET_COLUMNS, TICKET_LIST_FILTERS } from '../read-models/tickets/columns.js';

/** A ticket as an export reads it: every column a ticket query returns, as stored. */
export type ExportedTicket = Pick<Selectable<TicketsTable>, TicketColumn>;

/** The most tickets one export writes: a wider filter is refused rather than cut short. */
export const MAX_EXPORTED_TICKETS = 50_000;

/**
 * How many tickets `filter` keeps, counted up to `atMost` when given (what an export checks before
 * it starts), or all of them (a saved view's count).
 */
export async function countTickets(db: Kysely<ReadModelTables>, filter: TicketMatch, atMost?: number): Promise<number> {
  const matching = ticketsMatching(db, filter);
  const { n } = await db
    .selectFrom((atMost === undefined ? matching : matching.limit(atMost)).as('m'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Options of {@link exportTickets}. */
export interface ExportOptions {
  /** The most tickets written; {@link MAX_EXPORTED_TICKETS} by default. */
  readonly atMost?: number;
  /** Rows read per query (the export holds one batch in memory at a time); 500 by default. */
  readonly batch?: number;
}

/**
 * Every ticket `filter` keeps, newest first (by opening time, then id), as stored: read in batches
 * by keyset, so a ticket opened while the export runs is neither repeated nor skips another.
 */
export async function* exportTickets(
  db: Kysely<ReadModelTables>,
  filter: TicketMatch,
  { atMost = MAX_EXPORTED_TICKETS, batch = 500 }: ExportOptions = {},
): AsyncGenerator<ExportedTicket> {
  let after: { readonly at: Date; readonly id: string } | undefined;
  for (let left = atMost; left > 0; ) {
    let query = ticketsMatching(db, filter);
    if (after) query = query.where(sql<boolean>`(t.opened_at, t.ticket_id) < (${after.at}, ${after.id})`);
    const size = Math.min(batch, left);
    const rows = await query.orderBy('t.opened_at', 'desc').orderBy('t.ticket_id', 'desc').limit(size).execute();
    yield* rows;
    const last = rows.at(-1);
    if (rows.length < size || !last) return;
    left -= rows.length;
    after = { at: last.opened_at, id: last.ticket_id };
  }
}
