import { type Kysely, sql } from 'kysely';
import { catchUp } from '../projector.js';
import { createTicketsProjection } from '../read-models/tickets/projection.js';
import type { ReadModelTables } from '../schema.js';
import { customer, type Harness, T0 } from '../testing/harness.fixture.js';

// Random rows of the real `tickets` read model, for checking an SQL condition against the domain
// function it stands for: one ticket opened through the real decider and projection gives every
// column a value, and each random row is a copy of it with the columns under test replaced.

/** The ticket every random row copies. */
const TEMPLATE_ID = 'template';

/** Opens the template ticket through the domain and the tickets projection. */
export async function openTemplateTicket(h: Harness): Promise<void> {
  await h.desk.ticket(
    {
      type: 'OpenTicket',
      data: { ticketId: TEMPLATE_ID, customerId: 'c-template', subject: 'Help', description: 'Please', channel: 'web' },
    },
    customer('c-template'),
    T0,
  );
  await catchUp({ store: h.store, db: h.db, projection: createTicketsProjection() });
}

/**
 * Replaces every ticket but the template with `rows`: each a copy of the template with the given
 * columns (as JSON: instants as ISO strings, `callbacks` as the list) and its own `ticket_id`.
 */
export async function putTickets(
  db: Kysely<ReadModelTables>,
  rows: readonly (Readonly<Record<string, unknown>> & { readonly ticket_id: string })[],
): Promise<void> {
  await db.deleteFrom('tickets').where('ticket_id', '<>', TEMPLATE_ID).execute();
  if (rows.length === 0) return;
  // Every column but the generated ones (the database computes those).
  const { rows: columns } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = 'tickets' and is_generated = 'NEVER'`.execute(db);
  const names = sql.join(columns.map((column) => sql.ref(column.name)));
  const copied = sql.join(columns.map((column) => sql.ref(`p.${column.name}`)));
  await sql`
    insert into tickets (${names})
    select ${copied}
    from tickets t, jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r, jsonb_populate_record(t, r.value) p
    where t.ticket_id = ${TEMPLATE_ID}`.execute(db);
}

/** The ids of the random tickets (not the template) the condition selects, sorted. */
export async function selectedIds(db: Kysely<ReadModelTables>, condition: ReturnType<typeof sql>): Promise<string[]> {
  const { rows } = await sql<{ ticket_id: string }>`
    select ticket_id from tickets where ticket_id <> ${TEMPLATE_ID} and ${condition}`.execute(db);
  // Sorted here: the database's collation may order ids otherwise than code points do.
  return rows.map((row) => row.ticket_id).sort();
}
