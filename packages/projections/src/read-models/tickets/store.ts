import type { ReadModelTransaction } from '../../projection.js';
import { chunksFor } from '../chunks.js';
import { rowFromDb, rowToDb } from '../columns.js';
import { TICKET_TABLE, type TicketRow } from './columns.js';
import type { TicketMessageRow } from './row.js';

/** The ticket rows of `ids` that exist, keyed by id. */
export async function loadTicketRows(
  trx: ReadModelTransaction,
  ids: readonly string[],
): Promise<Map<string, TicketRow>> {
  const rows = new Map<string, TicketRow>();
  if (ids.length === 0) return rows;
  for (const slice of chunksFor(ids, 1)) {
    const found = await trx.selectFrom('tickets').selectAll().where('ticket_id', 'in', slice).execute();
    for (const row of found) rows.set(row.ticket_id, rowFromDb(TICKET_TABLE, row));
  }
  return rows;
}

/** Inserts or overwrites the given ticket rows, many per statement. */
export async function saveTicketRows(trx: ReadModelTransaction, rows: readonly TicketRow[]): Promise<void> {
  const columns = Object.keys(TICKET_TABLE) as (keyof TicketRow)[];
  for (const slice of chunksFor(rows, columns.length)) {
    await trx
      .insertInto('tickets')
      .values(slice.map((row) => rowToDb(TICKET_TABLE, row)))
      .onConflict((oc) =>
        oc
          .column('ticket_id')
          .doUpdateSet((eb) =>
            Object.fromEntries(columns.filter((c) => c !== 'ticket_id').map((c) => [c, eb.ref(`excluded.${c}`)])),
          ),
      )
      .execute();
  }
}

/** Inserts messages; one already there (a replayed event) is left as it is. */
export async function saveTicketMessages(
  trx: ReadModelTransaction,
  messages: readonly TicketMessageRow[],
): Promise<void> {
  for (const slice of chunksFor(messages, 10)) {
    await trx
      .insertInto('ticket_messages')
      .values(
        slice.map((m) => ({
          ...m,
          attachments: JSON.stringify(m.attachments),
          articles: JSON.stringify(m.articles),
          mail: m.mail === null ? null : JSON.stringify(m.mail),
        })),
      )
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }
}

/**
 * Adds `delta` to each status count. Zero deltas are written too: a status gets its row the
 * first time any ticket enters it, however the events were batched, so a rebuild matches.
 */
export async function addStatusCounts(trx: ReadModelTransaction, delta: ReadonlyMap<string, number>): Promise<void> {
  const values = [...delta].map(([status, count]) => ({ status, count }));
  if (values.length === 0) return;
  await trx
    .insertInto('ticket_status_counts')
    .values(values)
    .onConflict((oc) =>
      oc
        .column('status')
        .doUpdateSet((eb) => ({ count: eb('ticket_status_counts.count', '+', eb.ref('excluded.count')) })),
    )
    .execute();
}
