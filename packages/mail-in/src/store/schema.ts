import { type Generated, type Kysely, sql } from 'kysely';
import type { MailSource } from '../ingress.js';

/**
 * Where a recorded message stands: `pending` until processed (a crash leaves it pending, and it is
 * processed again, to the same outcome), then `done` (threaded, opened a ticket, or recorded as
 * noise), `held` (for an agent to accept or discard) or `failed` (given up after retries; kept).
 */
export type MailState = 'pending' | 'done' | 'held' | 'failed';

/** Every message the engine received, once, in the order it was recorded. */
export interface MailInMessagesTable {
  /** `mid:<Message-ID>` or `sha256:<hex>` when the message has no Message-ID. */
  message_key: string;
  /** The Message-ID without angle brackets; null when it had none. */
  message_id: string | null;
  sha256: string;
  size: number;
  /** The raw message's key in the attachment storage. */
  storage_key: string;
  source: MailSource;
  /** The engine's mailbox it came to, as the key of its address. */
  mailbox: string;
  envelope_from: string | null;
  envelope_to: string[];
  /** The connecting client's IP address and HELO name (SMTP only). */
  client_ip: string | null;
  client_helo: string | null;
  received_at: Date;
  state: MailState;
  /** What processing decided (JSON), set with its state. */
  outcome: unknown;
  /** The ticket it opened or was added to, once processed. */
  ticket_id: string | null;
  attempts: Generated<number>;
  /** While set and in the future, a processor holds the message. */
  lease_until: Date | null;
  last_error: string | null;
  processed_at: Date | null;
}

/** Every table of the mail-in package. */
export type MailInTables = { mail_in_messages: MailInMessagesTable };

const STATEMENTS = [
  `create table if not exists mail_in_messages (
     message_key text primary key,
     message_id text,
     sha256 text not null,
     size integer not null,
     storage_key text not null,
     source text not null,
     mailbox text not null,
     envelope_from text,
     envelope_to jsonb not null default '[]',
     client_ip text,
     client_helo text,
     received_at timestamptz not null,
     state text not null default 'pending',
     outcome jsonb,
     ticket_id text,
     attempts integer not null default 0,
     lease_until timestamptz,
     last_error text,
     processed_at timestamptz,
     recorded_seq bigserial not null
   )`,
  `create index if not exists mail_in_messages_pending on mail_in_messages (recorded_seq) where state = 'pending'`,
  `create index if not exists mail_in_messages_message_id on mail_in_messages (message_id) where message_id is not null`,
  `create index if not exists mail_in_messages_ticket on mail_in_messages (ticket_id) where ticket_id is not null`,
];

/** Creates the mail-in tables unless they exist (idempotent; every process may run it at start). */
export async function migrateMailIn<DB>(db: Kysely<DB>): Promise<void> {
  // One statement at a time under an advisory lock, so processes starting together never race on DDL.
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('support-engine.mail-in.migrate'))`.execute(connection);
    try {
      for (const statement of STATEMENTS) await sql.raw(statement).execute(connection);
    } finally {
      await sql`select pg_advisory_unlock(hashtext('support-engine.mail-in.migrate'))`.execute(connection);
    }
  });
}
