import { Id, TicketPriority } from '@support-engine/domain';
import type { SlaSummary } from '@support-engine/domain/sla';
import { TicketStatus } from '@support-engine/domain/ticket';
import { type ExportedTicket, TICKET_COLUMNS, TICKET_LIST_FILTERS } from '@support-engine/projections';
import { z } from 'zod';
import { FilterTags, InStatusForMoreThan, SearchText, type TicketFilterInput } from '../queries/tickets.js';
import { type CsvValue, csvLine } from './csv.js';
import { Instant, queryList } from './query.js';

/** The export's columns: every column a ticket query returns, named as the `tickets` table names it. */
export const TICKETS_CSV_HEADER: readonly string[] = TICKET_COLUMNS;

const SLA_STATES = ['not_started', 'running', 'paused', 'warning', 'breached', 'met'] as const satisfies SlaSummary[];

/**
 * The query string of `GET /reports/tickets.csv`: the `tickets` list's `TicketFilter`, each field
 * under its own name; lists repeated or comma-separated. Every field that lists filter on by a set
 * of values (`TICKET_LIST_FILTERS`) is taken, as a list of ids unless named here with its own values.
 */
export const TicketsCsvQuery = z
  .strictObject({
    ...Object.fromEntries(TICKET_LIST_FILTERS.map(([field]) => [field, queryList(Id)])),
    status: queryList(TicketStatus),
    priority: queryList(TicketPriority),
    assigneeId: Id.optional(),
    unassigned: z
      .enum(['true', 'false'])
      .transform((flag) => flag === 'true')
      .optional(),
    customerId: Id.optional(),
    category: Id.optional(),
    plan: Id.optional(),
    tags: queryList(z.string()).pipe(FilterTags.optional()),
    inStatusForMoreThan: z.coerce.number().pipe(InStatusForMoreThan).optional(),
    updatedSince: Instant.optional(),
    search: SearchText.optional(),
    slaState: queryList(z.enum(SLA_STATES)),
  })
  .transform((query): TicketFilterInput => query);

/** A stored value as a cell: instants in ISO 8601 (UTC), tags space-separated, JSON (callbacks) as its text. */
function cellOf(value: unknown): CsvValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(' ');
  return JSON.stringify(value);
}

/** The export as CSV lines: the header, then one line per ticket, as `tickets` yields them. */
export async function* ticketsCsv(tickets: AsyncIterable<ExportedTicket>): AsyncGenerator<string> {
  yield csvLine(TICKETS_CSV_HEADER);
  for await (const ticket of tickets) {
    const row: Readonly<Record<string, unknown>> = ticket;
    yield csvLine(TICKETS_CSV_HEADER.map((column) => cellOf(row[column])));
  }
}
