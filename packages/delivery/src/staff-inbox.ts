import {
  type Connection,
  CURSOR_PREFIX,
  createdBefore,
  encodeCursor,
  idLength,
  pageSize,
  toConnection,
} from '@support-engine/eventstore-postgres';
import type { DeliveryDb } from './outbox.js';

// The staff in-app inbox as its readers work it: the notifier writes the alerts, these read them
// and keep their read marks.

/** One alert of a staff member's in-app inbox. */
export interface StaffNotificationView {
  readonly id: string;
  readonly ticketId: string | null;
  readonly chatId: string | null;
  readonly kind: string;
  readonly template: string;
  readonly title: string;
  readonly text: string;
  readonly createdAt: Date;
  /** When they marked it read; null while unread. */
  readonly readAt: Date | null;
}

/** A staff member's in-app alerts, newest first, paged by keyset like the customer inbox. */
export async function listStaffNotifications(
  db: DeliveryDb,
  staffId: string,
  options: { readonly first?: number | undefined; readonly after?: string | undefined },
): Promise<Connection<StaffNotificationView>> {
  const limit = pageSize(options.first);
  let query = db.selectFrom('staff_notifications').selectAll().where('staff_id', '=', staffId);
  if (options.after !== undefined)
    query = query.where(createdBefore(options.after, 'notification_id', CURSOR_PREFIX.staffNotifications));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy(idLength('notification_id'), 'desc')
    .orderBy('notification_id', 'desc')
    .limit(limit + 1)
    .execute();
  return toConnection(
    rows,
    limit,
    (row) => encodeCursor({ at: row.created_at, id: row.notification_id }, CURSOR_PREFIX.staffNotifications),
    (row) => ({
      id: row.notification_id,
      ticketId: row.ticket_id,
      chatId: row.chat_id,
      kind: row.kind,
      template: row.template,
      title: row.title,
      text: row.text,
      createdAt: row.created_at,
      readAt: row.read_at,
    }),
  );
}

/** How many alerts of the staff member's inbox they have not read. */
export async function unreadStaffNotifications(db: DeliveryDb, staffId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_notifications')
    .where('staff_id', '=', staffId)
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('unread'))
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

/**
 * Marks alerts of the staff member's inbox read at `at`: those of `ids` that are theirs, or every
 * one (`'all'`); one read already keeps its time. Answers how many were marked now.
 */
export async function markStaffNotificationsRead(
  db: DeliveryDb,
  staffId: string,
  ids: readonly string[] | 'all',
  at: Date,
): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  let query = db
    .updateTable('staff_notifications')
    .set({ read_at: at })
    .where('staff_id', '=', staffId)
    .where('read_at', 'is', null);
  if (ids !== 'all') query = query.where('notification_id', 'in', ids);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}
