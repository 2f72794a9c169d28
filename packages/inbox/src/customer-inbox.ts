import {
  CURSOR_PREFIX,
  createdBefore,
  idLength,
  type Page,
  pageSize,
  toPage,
} from '@support-engine/eventstore-postgres';
import { sql } from 'kysely';
import { type AnyDb, inboxDbOf } from './schema.js';

// The customer in-app inbox: the tickets projection saves its notifications in the projection's
// transaction (so a replay rebuilds them), and these read them and keep the customer's read marks.

/** A row of a customer's in-app inbox, as the tickets projection makes it. */
export interface CustomerNotificationRow {
  notification_id: string;
  customer_id: string;
  ticket_id: string | null;
  suggestion_id: string | null;
  kind: string;
  template: string;
  title: string;
  text: string;
  channels: string[];
  created_at: string;
}

/** Rows per insert: 60,000 bind parameters (PostgreSQL takes 65,535 at most) over a row's 10 columns. */
const ROWS_PER_STATEMENT = Math.floor(60_000 / 10);

/**
 * Adds rows to customers' inboxes, inside the caller's transaction (the tickets projection's,
 * which also moves its checkpoint, so a replay fills the inbox again). A row already there (same
 * deterministic id) is kept, never duplicated.
 */
export async function saveCustomerNotifications(trx: AnyDb, rows: readonly CustomerNotificationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await inboxDbOf(trx)
      .insertInto('customer_notifications')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) => oc.column('notification_id').doNothing())
      .execute();
  }
}

/** One notification of a customer's in-app inbox. */
export interface InboxNotification {
  readonly notificationId: string;
  /** The ticket it is about; null for a proactive suggestion. */
  readonly ticketId: string | null;
  /** The proactive suggestion it offers (what `acceptSuggestion` takes), else null. */
  readonly suggestionId: string | null;
  readonly kind: string;
  /** What the notification says, as the template its text came from (`ticket.closed.no_response`); null on older rows. */
  readonly template: string | null;
  /** A short heading in the customer's language (what an email subject or push title shows). */
  readonly title: string;
  readonly text: string;
  readonly channels: string[];
  readonly createdAt: Date;
  /** When the customer marked it read; null while unread. */
  readonly readAt: Date | null;
}

/** A customer's inbox, newest first, paginated by keyset like the ticket list. */
export async function listCustomerNotifications(
  db: AnyDb,
  customerId: string,
  options: { first?: number; after?: string } = {},
): Promise<Page<InboxNotification>> {
  const limit = pageSize(options.first);
  let query = inboxDbOf(db)
    .selectFrom('customer_notifications as n')
    .leftJoin('customer_notification_reads as r', (join) =>
      join.onRef('r.customer_id', '=', 'n.customer_id').onRef('r.notification_id', '=', 'n.notification_id'),
    )
    .selectAll('n')
    .select('r.read_at')
    .where('n.customer_id', '=', customerId);
  if (options.after !== undefined)
    query = query.where(createdBefore(options.after, 'n.notification_id', CURSOR_PREFIX.customerNotifications));
  const rows = await query
    .orderBy('n.created_at', 'desc')
    .orderBy(idLength('n.notification_id'), 'desc')
    .orderBy('n.notification_id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(
    rows,
    limit,
    (row) => ({ at: row.created_at, id: row.notification_id }),
    (row) => ({
      notificationId: row.notification_id,
      ticketId: row.ticket_id,
      suggestionId: row.suggestion_id,
      kind: row.kind,
      template: row.template,
      title: row.title,
      text: row.text,
      channels: row.channels,
      createdAt: row.created_at,
      readAt: row.read_at,
    }),
    CURSOR_PREFIX.customerNotifications,
  );
}

/** How many notifications of the customer's inbox they have not read. */
export async function unreadCustomerNotifications(db: AnyDb, customerId: string): Promise<number> {
  const row = await inboxDbOf(db)
    .selectFrom('customer_notifications as n')
    .where('n.customer_id', '=', customerId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('customer_notification_reads as r')
            .select('r.notification_id')
            .whereRef('r.customer_id', '=', 'n.customer_id')
            .whereRef('r.notification_id', '=', 'n.notification_id'),
        ),
      ),
    )
    .select((eb) => eb.fn.countAll<string>().as('unread'))
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

/**
 * Marks notifications of the customer's inbox read at `at`: those of `ids` that are theirs, or
 * every one (`'all'`); one read already keeps its time. Answers how many were marked now.
 */
export async function markCustomerNotificationsRead(
  db: AnyDb,
  customerId: string,
  ids: readonly string[] | 'all',
  at: Date,
): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  const inbox = inboxDbOf(db);
  let mine = inbox
    .selectFrom('customer_notifications')
    .select(['customer_id', 'notification_id', sql<Date>`${at}::timestamptz`.as('read_at')])
    .where('customer_id', '=', customerId);
  if (ids !== 'all') mine = mine.where('notification_id', 'in', ids);
  const result = await inbox
    .insertInto('customer_notification_reads')
    .columns(['customer_id', 'notification_id', 'read_at'])
    .expression(mine)
    .onConflict((conflict) => conflict.columns(['customer_id', 'notification_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
