import type { Kysely } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { CURSOR_PREFIX, createdBefore, idLength, type Page, pageSize, toPage } from './cursor.js';

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
}

/** A customer's inbox, newest first, paginated by keyset like the ticket list. */
export async function listCustomerNotifications(
  db: Kysely<ReadModelTables>,
  customerId: string,
  options: { first?: number; after?: string } = {},
): Promise<Page<InboxNotification>> {
  const limit = pageSize(options.first);
  let query = db.selectFrom('customer_notifications').selectAll().where('customer_id', '=', customerId);
  if (options.after !== undefined)
    query = query.where(createdBefore(options.after, 'notification_id', CURSOR_PREFIX.customerNotifications));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy(idLength('notification_id'), 'desc')
    .orderBy('notification_id', 'desc')
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
    }),
    CURSOR_PREFIX.customerNotifications,
  );
}
