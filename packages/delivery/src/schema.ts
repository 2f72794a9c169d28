import { type CheckpointRow, createCheckpointTable } from '@support-engine/eventstore-postgres';
import { fillChatAlertIds, migrateStaffInbox } from '@support-engine/inbox';
import { type Kysely, sql } from 'kysely';

/** A channel the dispatchers deliver on (the in-app inbox is written directly, not dispatched). */
export type DeliveryChannel = 'email' | 'push' | 'webhook';

/** Where a delivery stands: waiting (first try or a retry), done, or given up (dead-lettered). */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** Who an email or push delivery is for: a customer or a staff member. */
export type DeliveryPersonKind = 'customer' | 'staff';

/** How one attempt ended; `null` while in flight, and forever if the process died mid-attempt. */
export type AttemptOutcome = 'delivered' | 'failed' | 'timeout' | 'refused';

/** One message for one recipient on one channel: the outbox row. */
export interface DeliveriesTable {
  /** Deterministic: the notification (or event) id, the channel and the recipient. */
  delivery_id: string;
  channel: DeliveryChannel;
  /** An email address, a push endpoint, or a webhook endpoint id. */
  recipient: string;
  /**
   * The customer or staff member an email or push delivery is for (`recipient` is their address);
   * null for webhooks, and for push deliveries queued before it was recorded.
   */
  person_kind: DeliveryPersonKind | null;
  person_id: string | null;
  /** The notification or event it carries; receivers deduplicate on it. */
  message_id: string;
  /** Deliveries with the same key go out in `position` order (a webhook endpoint and a ticket). */
  ordering_key: string | null;
  /** The causing event's global position. */
  position: string;
  /** The event type, or the notification's template. */
  topic: string;
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  /** While set and in the future, a dispatcher holds the delivery. */
  lease_until: Date | null;
  created_at: Date;
  first_attempt_at: Date | null;
  delivered_at: Date | null;
  last_error: string | null;
  last_status_code: number | null;
}

/** The delivery log: one row per attempt. */
export interface DeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  finished_at: Date | null;
  outcome: AttemptOutcome | null;
  status_code: number | null;
  latency_ms: number | null;
  error: string | null;
}

/** The notifier's folded directory (tickets, customers, staff, endpoints), saved with its checkpoint. */
export interface DeliveryDirectoryTable {
  notifier: string;
  kind: string;
  key: string;
  row: unknown;
}

/**
 * Where delivery began: the end of the log when its tables were first created. Events up to it
 * are folded but never sent, so adding delivery to a running deployment does not mail its history.
 */
export interface DeliveryStartTable {
  singleton: boolean;
  transaction_id: string;
  global_position: string;
  created_at: Date;
}

/**
 * The idempotency keys of operators' redeliveries: the first request under a key, kept in the
 * transaction that schedules its redelivery, and the answer it got.
 */
export interface DeliveryCommandsTable {
  command_id: string;
  delivery_id: string;
  /** The first answer (JSON), set before the transaction commits. */
  outcome: unknown;
  recorded_at: Date;
}

/** Every table of the delivery package. */
export type DeliveryTables = {
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  delivery_directory: DeliveryDirectoryTable;
  delivery_checkpoints: CheckpointRow;
  delivery_start: DeliveryStartTable;
  delivery_commands: DeliveryCommandsTable;
};

/** Creates the delivery tables unless they exist (idempotent; every process may run it at start). */
export async function migrateDelivery<DB>(db: Kysely<DB>): Promise<void> {
  // One statement at a time under an advisory lock, so processes starting together never race on DDL.
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('support-engine.delivery.migrate'))`.execute(connection);
    try {
      const fresh = await sql<{ fresh: boolean }>`select to_regclass('delivery_start') is null as fresh`.execute(
        connection,
      );
      for (const statement of STATEMENTS) await sql.raw(statement).execute(connection);
      // The staff inbox is the inbox package's table; it lives beside delivery's, so it is made here.
      await migrateStaffInbox(connection);
      if (fresh.rows[0]?.fresh) await recordStart(connection);
      await createCheckpointTable(connection, 'delivery_checkpoints');
      await backfillProfileUpdates(connection);
      await backfillChatAlertIds(connection);
      await backfillDeliveryPersons(connection);
    } finally {
      await sql`select pg_advisory_unlock(hashtext('support-engine.delivery.migrate'))`.execute(connection);
    }
  });
}

/**
 * Once per database: directories folded before the notifier read `CustomerProfileUpdated` still
 * hold each customer's email and language as registered. Each customer row takes its latest
 * profile update from the log (one index lookup per customer), in the same transaction as the
 * note that it was done. A profile update the notifier has not reached yet is taken early, which
 * is what its customer wants; the notifier folds it again, to the same values.
 */
async function backfillProfileUpdates<DB>(connection: Kysely<DB>): Promise<void> {
  await connection.transaction().execute(async (trx) => {
    const first = await firstTime(trx, 'customer-profile-updates');
    const log = await sql<{ exists: boolean }>`select to_regclass('events') is not null as exists`.execute(trx);
    if (!first || !log.rows[0]?.exists) return;
    await sql`
      with latest as (
        select d.notifier, d.key,
               (select e.data from events e
                 where e.stream_id = 'customer-' || d.key and e.type = 'CustomerProfileUpdated'
                 order by e.stream_version desc limit 1) as data
          from delivery_directory d
         where d.kind = 'customer')
      update delivery_directory d
         set row = d.row || jsonb_build_object('email', l.data -> 'email', 'language', l.data -> 'language')
        from latest l
       where l.data is not null and d.notifier = l.notifier and d.kind = 'customer' and d.key = l.key`.execute(trx);
  });
}

/** Once per database: chat alerts saved before the staff inbox had `chat_id` get it (see {@link fillChatAlertIds}). */
async function backfillChatAlertIds<DB>(connection: Kysely<DB>): Promise<void> {
  await connection.transaction().execute(async (trx) => {
    if (await firstTime(trx, 'staff-alert-chat-ids')) await fillChatAlertIds(trx);
  });
}

/**
 * Once per database: email deliveries queued before the outbox recorded whom they are for get
 * it from their id (`<notification id>:email:customer:<id>` or `...:email:staff:<id>`). Push
 * deliveries' ids name no customer, so those stay without one.
 */
async function backfillDeliveryPersons<DB>(connection: Kysely<DB>): Promise<void> {
  await connection.transaction().execute(async (trx) => {
    if (!(await firstTime(trx, 'delivery-persons'))) return;
    await sql`
      update deliveries
         set person_kind = substring(delivery_id from ':email:(customer|staff):'),
             person_id = substring(delivery_id from ':email:(?:customer|staff):(.+)$')
       where channel = 'email' and person_id is null and delivery_id ~ ':email:(customer|staff):.'`.execute(trx);
  });
}

/** Notes the one-time repair `name` as done; true when it was not done before (the caller does it now). */
async function firstTime<DB>(trx: Kysely<DB>, name: string): Promise<boolean> {
  const noted = await sql`
    insert into delivery_backfills (name, done_at) values (${name}, now())
    on conflict do nothing returning name`.execute(trx);
  return noted.rows.length > 0;
}

/** Notes the log's end as delivery's starting point (the start of the log when there is no log yet). */
async function recordStart<DB>(db: Kysely<DB>): Promise<void> {
  const log = await sql<{ exists: boolean }>`select to_regclass('events') is not null as exists`.execute(db);
  const head = log.rows[0]?.exists
    ? (
        await sql<{ transaction_id: string; global_position: string }>`
          select transaction_id::text, global_position::text from events
           order by transaction_id desc, global_position desc limit 1`.execute(db)
      ).rows[0]
    : undefined;
  await sql`
    insert into delivery_start (singleton, transaction_id, global_position, created_at)
    values (true, ${head?.transaction_id ?? '0'}, ${head?.global_position ?? '0'}, now())
    on conflict do nothing`.execute(db);
}

const STATEMENTS = [
  `create table if not exists delivery_start (
     singleton boolean primary key default true check (singleton),
     transaction_id text not null,
     global_position text not null,
     created_at timestamptz not null
   )`,
  `create table if not exists deliveries (
     delivery_id text primary key,
     channel text not null check (channel in ('email', 'push', 'webhook')),
     recipient text not null,
     message_id text not null,
     ordering_key text,
     position bigint not null,
     topic text not null,
     payload jsonb not null,
     status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
     attempts integer not null default 0,
     next_attempt_at timestamptz not null,
     lease_until timestamptz,
     created_at timestamptz not null,
     first_attempt_at timestamptz,
     delivered_at timestamptz,
     last_error text,
     last_status_code integer
   )`,
  // What a dispatcher claims: pending rows of its channel, soonest first.
  `create index if not exists deliveries_claim on deliveries (channel, next_attempt_at, position) where status = 'pending'`,
  // The head of each ordered line (an endpoint and a ticket).
  `create index if not exists deliveries_line on deliveries (ordering_key, position) where status = 'pending'`,
  `create index if not exists deliveries_recipient on deliveries (channel, recipient, created_at desc)`,
  `alter table deliveries add column if not exists person_kind text`,
  `alter table deliveries add column if not exists person_id text`,
  // An operator's lists of one channel's deliveries, all or one person's, newest first.
  `create index if not exists deliveries_channel on deliveries (channel, created_at desc)`,
  `create index if not exists deliveries_person on deliveries (channel, person_id, created_at desc) where person_id is not null`,
  `create table if not exists delivery_attempts (
     delivery_id text not null references deliveries (delivery_id),
     attempt integer not null,
     started_at timestamptz not null,
     finished_at timestamptz,
     outcome text,
     status_code integer,
     latency_ms integer,
     error text,
     primary key (delivery_id, attempt)
   )`,
  // One-time repairs of what earlier versions saved, each noted once done.
  `create table if not exists delivery_backfills (
     name text primary key,
     done_at timestamptz not null
   )`,
  `create table if not exists delivery_commands (
     command_id text primary key,
     delivery_id text not null,
     outcome jsonb,
     recorded_at timestamptz not null
   )`,
  `create table if not exists delivery_directory (
     notifier text not null,
     kind text not null,
     key text not null,
     row jsonb not null,
     primary key (notifier, kind, key)
   )`,
];
