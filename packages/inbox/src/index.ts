/**
 * The in-app inboxes, the one package that reads and writes their tables: a customer's
 * notifications (`customer_notifications`, saved by the tickets projection in its transaction,
 * with the customer's read marks in `customer_notification_reads`) and a staff member's alerts
 * (`staff_notifications`, saved by the notifier in its transaction), their DDL and every query
 * of them.
 */

export {
  type CustomerNotificationRow,
  type InboxNotification,
  listCustomerNotifications,
  markCustomerNotificationsRead,
  saveCustomerNotifications,
  unreadCustomerNotifications,
} from './customer-inbox.js';
export {
  type CustomerInboxTables,
  type CustomerNotificationReadsTable,
  type CustomerNotificationsTable,
  fillChatAlertIds,
  type InboxTables,
  inboxDbOf,
  migrateCustomerInbox,
  migrateStaffInbox,
  type StaffInboxTables,
  type StaffNotificationsTable,
} from './schema.js';
export {
  listStaffNotifications,
  markStaffNotificationsRead,
  type NewStaffNotification,
  STAFF_ALERTS_CHANNEL,
  type StaffNotificationView,
  saveStaffNotifications,
  unreadStaffNotifications,
} from './staff-inbox.js';
