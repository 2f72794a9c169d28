import { type Kysely, type Selectable, sql } from 'kysely';
import type { MailInMessagesTable, MailInTables } from '../store/schema.js';
import { type MailOutcome, stateOf, ticketOf } from './outcome.js';

/** A recorded message a processor holds (`recorded_seq`: the order it was recorded in). */
export type ClaimedMail = Selectable<MailInMessagesTable> & { readonly recorded_seq: string };

/**
 * Takes up to `limit` pending messages (only those of `keys` when given) whose lease lapsed or never was,
 * oldest first, leasing them until `now + leaseMs` and counting the attempt. Rows another
 * processor is taking at the same moment are skipped (`for update skip locked`): each message is
 * held by one processor at a time. A lease that lapses (its processor died) frees the message
 * for the next claim.
 */
export async function claimPending(
  db: Kysely<MailInTables>,
  options: {
    readonly now: Date;
    readonly leaseMs: number;
    readonly limit: number;
    readonly keys?: readonly string[];
  },
): Promise<ClaimedMail[]> {
  const { now, leaseMs, limit, keys } = options;
  const until = new Date(now.getTime() + leaseMs);
  const { rows } = await sql<ClaimedMail>`
    update mail_in_messages m set lease_until = ${until}, attempts = m.attempts + 1
    where m.message_key in (
      select message_key from mail_in_messages
      where state = 'pending' and (lease_until is null or lease_until <= ${now})
        ${keys === undefined ? sql`` : sql`and message_key = any(${[...keys]}::text[])`}
      order by recorded_seq
      limit ${limit}
      for update skip locked)
    returning m.*`.execute(db);
  // `returning` keeps no order: oldest first again.
  return rows.sort((a, b) => Number(a.recorded_seq) - Number(b.recorded_seq));
}

/** Records a message's outcome and the state it leaves it in; its lease ends. */
export async function recordOutcome(db: Kysely<MailInTables>, key: string, outcome: MailOutcome, now: Date) {
  await db
    .updateTable('mail_in_messages')
    .set({
      state: stateOf(outcome),
      outcome: JSON.stringify(outcome),
      ticket_id: ticketOf(outcome),
      processed_at: now,
      lease_until: null,
      last_error: null,
    })
    .where('message_key', '=', key)
    .where('state', '=', 'pending')
    .execute();
}

/**
 * Records a failed attempt: the message waits `retryInMs` before the next (its lease runs until
 * then), or, once `permanent` or after its last allowed attempt, is `failed`: kept, with the
 * error, for an operator.
 */
export async function recordFailure(
  db: Kysely<MailInTables>,
  mail: ClaimedMail,
  failure: {
    readonly error: string;
    readonly permanent: boolean;
    readonly retryAt: Date;
    readonly maxAttempts: number;
  },
): Promise<void> {
  const giveUp = failure.permanent || mail.attempts >= failure.maxAttempts;
  await db
    .updateTable('mail_in_messages')
    .set({
      state: giveUp ? 'failed' : 'pending',
      last_error: failure.error.slice(0, 4000),
      lease_until: giveUp ? null : failure.retryAt,
    })
    .where('message_key', '=', mail.message_key)
    .where('state', '=', 'pending')
    .execute();
}
