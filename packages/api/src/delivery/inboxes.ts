import {
  markCustomerNotificationsRead,
  markStaffNotificationsRead,
  unreadCustomerNotifications,
  unreadStaffNotifications,
} from '@support-engine/inbox';
import type { Principal } from '../auth/tokens.js';
import type { ApiDeps } from '../deps.js';

/** What marking notifications read did. */
export interface NotificationsRead {
  /** How many were marked now (one read already, or not the reader's, is not counted). */
  readonly marked: number;
  /** How many of the reader's inbox stay unread. */
  readonly unreadCount: number;
}

/**
 * The in-app inboxes as their readers work them: a customer's notifications, a staff member's
 * alerts. Read marks are the reader's own state, kept beside the inbox rather than in the log
 * (what a helpdesk's notification centre does): the customer's in a table of their own, which a
 * rebuild of the inbox leaves alone since notifications keep their ids; the staff's on the alerts.
 */
export interface Inboxes {
  /** How many notifications of `reader`'s inbox are unread. */
  unread(reader: Principal): Promise<number>;
  /** Marks those of `ids` that are `reader`'s (or all of theirs) read now. */
  markRead(reader: Principal, ids: readonly string[] | 'all'): Promise<NotificationsRead>;
}

/**
 * The inboxes over the read models (customers) and the delivery tables (staff; none without
 * delivery). `staffRead` is told of a staff member who marked some of theirs read (their other
 * windows' badges follow).
 */
export function createInboxes(
  deps: Pick<ApiDeps, 'db' | 'delivery' | 'clock'>,
  staffRead: (staffId: string) => Promise<void> = async () => {},
): Inboxes {
  const unread = async (reader: Principal) => {
    if (reader.role === 'customer') return unreadCustomerNotifications(deps.db, reader.id);
    return deps.delivery === undefined ? 0 : unreadStaffNotifications(deps.delivery.db, reader.id);
  };
  return {
    unread,
    async markRead(reader, ids) {
      const at = deps.clock();
      let marked = 0;
      if (reader.role === 'customer') marked = await markCustomerNotificationsRead(deps.db, reader.id, ids, at);
      else if (deps.delivery !== undefined) {
        marked = await markStaffNotificationsRead(deps.delivery.db, reader.id, ids, at);
        if (marked > 0) await staffRead(reader.id);
      }
      return { marked, unreadCount: await unread(reader) };
    },
  };
}
