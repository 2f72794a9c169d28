import type { HeldMailReason } from '@support-engine/domain/held-mail';
import {
  type Connection,
  CURSOR_PREFIX,
  createdBefore,
  encodeCursor,
  pageSize,
  toConnection,
} from '@support-engine/eventstore-postgres';
import type { Kysely, Selectable } from 'kysely';
import type { HeldMailsTable, ReadModelTables } from '../schema.js';

/** Where a held message stands, as the read model holds it. */
export type HeldMailState = 'pending' | 'accepted' | 'discarded';

/** A message held for review as the `heldmails` read model holds it. */
export interface HeldMailView {
  readonly heldMailId: string;
  readonly ticketId: string;
  readonly reason: HeldMailReason;
  /** The `From` header as received. */
  readonly sender: string;
  readonly subject: string;
  readonly excerpt: string;
  readonly attachmentCount: number;
  readonly authentication: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
  readonly heldAt: Date;
  readonly state: HeldMailState;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly note: string | null;
}

function view(row: Selectable<HeldMailsTable>): HeldMailView {
  return {
    heldMailId: row.held_mail_id,
    ticketId: row.ticket_id,
    reason: row.reason as HeldMailReason,
    sender: row.sender,
    subject: row.subject,
    excerpt: row.excerpt,
    attachmentCount: row.attachment_count,
    authentication: row.authentication,
    receivedAt: row.received_at,
    heldAt: row.created_at,
    state: row.state as HeldMailState,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    note: row.note,
  };
}

/** The held messages in `state` (all when none), newest held first, a page at a time. */
export async function listHeldMails(
  db: Kysely<ReadModelTables>,
  options: { readonly state?: HeldMailState; readonly first?: number; readonly after?: string } = {},
): Promise<Connection<HeldMailView>> {
  const limit = pageSize(options.first);
  let query = db.selectFrom('held_mails').selectAll();
  if (options.state !== undefined) query = query.where('state', '=', options.state);
  if (options.after !== undefined)
    query = query.where(createdBefore(options.after, 'held_mail_id', CURSOR_PREFIX.heldMails));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy((eb) => eb.fn('length', ['held_mail_id']), 'desc')
    .orderBy('held_mail_id', 'desc')
    .limit(limit + 1)
    .execute();
  return toConnection(
    rows,
    limit,
    (row) => encodeCursor({ at: row.created_at, id: row.held_mail_id }, CURSOR_PREFIX.heldMails),
    view,
  );
}

/** The held messages of each ticket, pending and decided, newest held first. */
export async function heldMailsOfTickets(
  db: Kysely<ReadModelTables>,
  ticketIds: readonly string[],
): Promise<Map<string, HeldMailView[]>> {
  const byTicket = new Map<string, HeldMailView[]>(ticketIds.map((id) => [id, []]));
  if (ticketIds.length === 0) return byTicket;
  const rows = await db
    .selectFrom('held_mails')
    .selectAll()
    .where('ticket_id', 'in', ticketIds)
    .orderBy('created_at', 'desc')
    .orderBy('held_mail_id', 'desc')
    .execute();
  for (const row of rows) byTicket.get(row.ticket_id)?.push(view(row));
  return byTicket;
}
