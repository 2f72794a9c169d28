import { type ColumnType, type Kysely, sql } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A customer's in-app inbox (the `web` channel of the notification policy), a read model of the tickets projection. */
export interface CustomerNotificationsTable {
  notification_id: string;
  customer_id: string;
  /** The ticket told about; null for a proactive suggestion (no ticket yet). */
  ticket_id: string | null;
  /** The suggestion told about (what `acceptSuggestion` takes), else null. */
  suggestion_id: ColumnType<string | null, string | null | undefined, never>;
  kind: string;
  /** The text's template (`ticket.closed.no_response`...); null on rows written before it was kept. */
  template: ColumnType<string | null, string | null | undefined, never>;
  title: string;
  text: string;
  channels: ColumnType<string[], string[], string[]>;
  created_at: Timestamp;
}

/**
 * Which notifications of their inbox a customer has read. Not a read model: what readers do to
 * their inbox is kept beside it, not derived from the log, so a rebuild of the inbox (whose
 * notifications keep their ids) leaves it alone.
 */
export interface CustomerNotificationReadsTable {
  customer_id: string;
  notification_id: string;
  read_at: Timestamp;
}

/** The staff in-app inbox: the notifier's alerts, kept beside delivery's tables. */
export interface StaffNotificationsTable {
  notification_id: string;
  staff_id: string;
  ticket_id: string | null;
  /** The chat a chat's alert is about; null for the others. */
  chat_id: string | null;
  kind: string;
  template: string;
  title: string;
  text: string;
  created_at: Date;
  /** When its reader marked it read (the API sets it; the notifier never writes it); null while unread. */
  read_at: ColumnType<Date | null, never, Date | null>;
}

/** The customer inbox's tables: in the read models' schema (`public`, or a rebuild's). */
export interface CustomerInboxTables {
  customer_notifications: CustomerNotificationsTable;
  customer_notification_reads: CustomerNotificationReadsTable;
}

/** The staff inbox's table: beside delivery's, in the event store's schema. */
export interface StaffInboxTables {
  staff_notifications: StaffNotificationsTable;
}

/** Every table of the inbox package. */
export type InboxTables = CustomerInboxTables & StaffInboxTables;

/** A database handle of any schema (the read models', delivery's, a transaction of either). */
// biome-ignore lint/suspicious/noExplicitAny: any schema; only the inbox tables are used through it.
export type AnyDb = Kysely<any>;

/** The inbox tables' handle on a database handle of any schema: the same connection, typed for these tables only. */
export function inboxDbOf(db: AnyDb): Kysely<InboxTables> {
  return db;
}

/**
 * Creates the customer inbox's tables unless they exist, as the read-model migrations up to
 * `0040_customer_notification_reads` left them (columns in the same order, so a table's rows read
 * the same either way). Runs after those migrations, in their schema: a database they migrated
 * already has the tables, and their `create table` would fail on tables made here first.
 */
export async function migrateCustomerInbox<DB>(db: Kysely<DB>): Promise<void> {
  for (const statement of CUSTOMER_INBOX) await sql.raw(statement).execute(db);
}

/** Creates the staff inbox's table unless it exists, and adds the columns later versions added. */
export async function migrateStaffInbox<DB>(db: Kysely<DB>): Promise<void> {
  for (const statement of STAFF_INBOX) await sql.raw(statement).execute(db);
}

/**
 * Chat alerts saved before the inbox had `chat_id` get it from their id (`alert:chat-<chat id>:<version>`,
 * the chat's stream and the event's place in it), so a staff screen can link them as it links the
 * newer ones. Harmless to repeat; delivery runs it once per database.
 */
export async function fillChatAlertIds<DB>(db: Kysely<DB>): Promise<void> {
  await sql`
    update staff_notifications
       set chat_id = substring(notification_id from '^alert:chat-(.+):[0-9]+$')
     where chat_id is null and ticket_id is null and notification_id like 'alert:chat-%'`.execute(db);
}

const CUSTOMER_INBOX = [
  `create table if not exists customer_notifications (
     notification_id text primary key,
     customer_id text not null,
     ticket_id text,
     kind text not null,
     text text not null,
     channels text[] not null,
     created_at timestamptz not null,
     title text not null,
     suggestion_id text,
     template text
   )`,
  'create index if not exists customer_notifications_inbox on customer_notifications (customer_id, created_at desc, notification_id desc)',
  `create table if not exists customer_notification_reads (
     customer_id text not null,
     notification_id text not null,
     read_at timestamptz not null,
     primary key (customer_id, notification_id)
   )`,
];

const STAFF_INBOX = [
  `create table if not exists staff_notifications (
     notification_id text not null,
     staff_id text not null,
     ticket_id text,
     kind text not null,
     template text not null,
     title text not null,
     text text not null,
     created_at timestamptz not null,
     primary key (notification_id, staff_id)
   )`,
  `create index if not exists staff_notifications_inbox on staff_notifications (staff_id, created_at desc)`,
  `alter table staff_notifications add column if not exists chat_id text`,
  `alter table staff_notifications add column if not exists read_at timestamptz`,
];
