import type { Selectable } from 'kysely';
import type { ReadModelTransaction } from '../../projection.js';
import type { TicketsTable } from '../../schema.js';
import { chunksFor } from '../chunks.js';
import type { TicketMessageRow, TicketRow } from './row.js';

/** The ticket rows of `ids` that exist, keyed by id. */
export async function loadTicketRows(
  trx: ReadModelTransaction,
  ids: readonly string[],
): Promise<Map<string, TicketRow>> {
  const rows = new Map<string, TicketRow>();
  if (ids.length === 0) return rows;
  for (const slice of chunksFor(ids, 1)) {
    const found = await trx.selectFrom('tickets').selectAll().where('ticket_id', 'in', slice).execute();
    for (const row of found) rows.set(row.ticket_id, fromDb(row));
  }
  return rows;
}

/** Inserts or overwrites the given ticket rows, many per statement. */
export async function saveTicketRows(trx: ReadModelTransaction, rows: readonly TicketRow[]): Promise<void> {
  const columns = Object.keys(rows[0] ?? {}) as (keyof TicketRow)[];
  for (const slice of chunksFor(rows, columns.length)) {
    await trx
      .insertInto('tickets')
      .values(slice.map(toDb))
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
      .values(slice.map((m) => ({ ...m, attachments: JSON.stringify(m.attachments) })))
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

function toDb(row: TicketRow) {
  return { ...row, sla_facts: JSON.stringify(row.sla_facts), callbacks: JSON.stringify(row.callbacks) };
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());
const num = (value: string | null) => (value === null ? null : Number(value));

function fromDb(row: Selectable<TicketsTable>): TicketRow {
  const { search: _search, ...rest } = row;
  return {
    ...rest,
    opened_at: row.opened_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    status_since: row.status_since.toISOString(),
    first_response_at: iso(row.first_response_at),
    first_response_ms: num(row.first_response_ms),
    last_customer_message_at: iso(row.last_customer_message_at),
    resolved_at: iso(row.resolved_at),
    resolution_ms: num(row.resolution_ms),
    closed_at: iso(row.closed_at),
    sla_next_deadline: iso(row.sla_next_deadline),
    sla_facts: row.sla_facts as TicketRow['sla_facts'],
    callbacks: row.callbacks as TicketRow['callbacks'],
    queued_since: iso(row.queued_since),
    last_sla_breach_at: iso(row.last_sla_breach_at),
  };
}
