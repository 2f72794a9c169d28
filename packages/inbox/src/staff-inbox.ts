import {
  type Connection,
  CURSOR_PREFIX,
  createdBefore,
  encodeCursor,
  idLength,
  pageSize,
  toConnection,
} from '@support-engine/eventstore-postgres';
import { sql } from 'kysely';
import { type AnyDb, inboxDbOf } from './schema.js';

// The staff in-app inbox: the notifier's alerts as it saves them, and as their readers work them
// (listed, counted, marked read). Its table is beside delivery's, on delivery's handle.

/** An alert for a staff member's in-app inbox, as the notifier plans it: what a reader sees but the read mark, and whom it is for. */
export interface NewStaffNotification extends Omit<StaffNotificationView, 'id' | 'readAt'> {
  readonly notificationId: string;
  readonly staffId: string;
}

/**
 * The PostgreSQL channel a staff member's inbox changes are told on (`{"staffId": ...}`), in the
 * database of its table: at the commit of the alerts saved for them, and when they mark some read,
 * so their open desks read the unread count again.
 */
export const STAFF_ALERTS_CHANNEL = 'staff_alerts';

/** Rows per insert statement (well below PostgreSQL's 65,535 parameters). */
const ROWS_PER_STATEMENT = 500;

/**
 * Adds alerts to their staff members' inboxes, inside the caller's transaction (the notifier's,
 * which also moves its checkpoint), and tells each of those staff members on
 * {@link STAFF_ALERTS_CHANNEL} (PostgreSQL delivers it at the commit, and not at all on a rollback).
 * An alert already there (same deterministic id and staff member) is kept, so planning the same
 * event twice never alerts twice.
 */
export async function saveStaffNotifications(trx: AnyDb, alerts: readonly NewStaffNotification[]): Promise<void> {
  for (let i = 0; i < alerts.length; i += ROWS_PER_STATEMENT) {
    await inboxDbOf(trx)
      .insertInto('staff_notifications')
      .values(
        alerts.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({
          notification_id: r.notificationId,
          staff_id: r.staffId,
          ticket_id: r.ticketId,
          chat_id: r.chatId,
          kind: r.kind,
          template: r.template,
          title: r.title,
          text: r.text,
          created_at: r.createdAt,
        })),
      )
      .onConflict((conflict) => conflict.columns(['notification_id', 'staff_id']).doNothing())
      .execute();
  }
  const told = [...new Set(alerts.map((alert) => JSON.stringify({ staffId: alert.staffId })))];
  if (told.length > 0)
    await sql`select pg_notify(${STAFF_ALERTS_CHANNEL}, payload) from unnest(${told}::text[]) as payload`.execute(trx);
}

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
  db: AnyDb,
  staffId: string,
  options: { readonly first?: number | undefined; readonly after?: string | undefined },
): Promise<Connection<StaffNotificationView>> {
  const limit = pageSize(options.first);
  let query = inboxDbOf(db).selectFrom('staff_notifications').selectAll().where('staff_id', '=', staffId);
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
export async function unreadStaffNotifications(db: AnyDb, staffId: string): Promise<number> {
  const row = await inboxDbOf(db)
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
  db: AnyDb,
  staffId: string,
  ids: readonly string[] | 'all',
  at: Date,
): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  let query = inboxDbOf(db)
    .updateTable('staff_notifications')
    .set({ read_at: at })
    .where('staff_id', '=', staffId)
    .where('read_at', 'is', null);
  if (ids !== 'all') query = query.where('notification_id', 'in', ids);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}
