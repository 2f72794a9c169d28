import { createHash } from 'node:crypto';
import { type HelpSession, helpSessionOpen, usedSignInLinksForgottenBefore } from '@support-engine/domain/customer';
import { type Kysely, sql } from 'kysely';

/**
 * The sign-in links used: one row per link, kept by its id (unique), so a link opens one session
 * however many times, and however concurrently, it is followed. The API's own record (nothing in
 * the event log rebuilds it), beside the read models.
 */
export interface SignInLinksUsedTable {
  link_id: string;
  customer_id: string;
  used_at: Date;
}

/** The help center's sessions, each kept only as the SHA-256 of its opaque token. */
export interface HelpSessionsTable {
  token_hash: string;
  customer_id: string;
  created_at: Date;
  expires_at: Date;
  signed_out_at: Date | null;
}

/** The sign-in's tables (in the read models' database: `withTables` of its handle). */
export type SignInTables = {
  help_sign_in_links_used: SignInLinksUsedTable;
  help_sessions: HelpSessionsTable;
};

/** The handle the sign-in's tables are read and written through. */
export type SignInDb = Kysely<SignInTables>;

/** The sign-in's tables on a database handle of any schema (the read models'): the same pool. */
// biome-ignore lint/suspicious/noExplicitAny: any schema; only the sign-in's tables are used through it.
export function signInDbOf(db: Kysely<any>): SignInDb {
  return db.withTables<SignInTables>() as unknown as SignInDb;
}

/** Creates the sign-in's tables unless they exist (idempotent; every API process runs it at start). */
export async function migrateCustomerSignIn(db: SignInDb): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('support-engine.customer-sign-in.migrate'))`.execute(connection);
    try {
      await sql`create table if not exists help_sign_in_links_used (
        link_id text primary key,
        customer_id text not null,
        used_at timestamptz not null
      )`.execute(connection);
      await sql`create table if not exists help_sessions (
        token_hash text primary key,
        customer_id text not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        signed_out_at timestamptz
      )`.execute(connection);
    } finally {
      await sql`select pg_advisory_unlock(hashtext('support-engine.customer-sign-in.migrate'))`.execute(connection);
    }
  });
}

/** What is kept of a session token: its SHA-256 (hex); the token itself never is. */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A session to open: for whom, from which link (none: the development sign-in), until when. */
export interface NewSession {
  readonly tokenHash: string;
  readonly customerId: string;
  readonly linkId: string | null;
  readonly now: Date;
  readonly expiresAt: Date;
}

/**
 * Opens a session, recording its link as used in the same transaction: `false`, writing nothing,
 * when the link was used already (a concurrent use waits for the first to commit, then finds it).
 */
export async function openSession(db: SignInDb, session: NewSession): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (session.linkId !== null) {
      const used = await trx
        .insertInto('help_sign_in_links_used')
        .values({ link_id: session.linkId, customer_id: session.customerId, used_at: session.now })
        .onConflict((conflict) => conflict.column('link_id').doNothing())
        .returning('link_id')
        .executeTakeFirst();
      if (used === undefined) return false;
    }
    await trx
      .insertInto('help_sessions')
      .values({
        token_hash: session.tokenHash,
        customer_id: session.customerId,
        created_at: session.now,
        expires_at: session.expiresAt,
        signed_out_at: null,
      })
      .execute();
    return true;
  });
}

/** The customer of the session whose token hashes to `tokenHash`, while it is open at `now` (the domain's `helpSessionOpen`). */
export async function sessionCustomer(db: SignInDb, tokenHash: string, now: Date): Promise<string | undefined> {
  const row = await db
    .selectFrom('help_sessions')
    .select(['customer_id', 'expires_at', 'signed_out_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const session: HelpSession = { expiresAt: row.expires_at, signedOutAt: row.signed_out_at };
  return helpSessionOpen(session, now) ? row.customer_id : undefined;
}

/** Ends the session (kept, signed out at `now`); nothing for an unknown or already ended one. */
export async function signOut(db: SignInDb, tokenHash: string, now: Date): Promise<void> {
  await db
    .updateTable('help_sessions')
    .set({ signed_out_at: now })
    .where('token_hash', '=', tokenHash)
    .where('signed_out_at', 'is', null)
    .execute();
}

/** How many rows a sweep forgot. */
export interface SignInSweep {
  readonly links: number;
  readonly sessions: number;
}

/**
 * Forgets what no longer counts at `now`: a used link's record once the link has expired anyway
 * (the domain's `usedSignInLinksForgottenBefore`), and a session once it no longer opens anything
 * (expired or signed out of: the negation of the domain's `helpSessionOpen`). Safe from any number
 * of processes at once (each row goes once).
 */
export async function sweepSignIn(db: SignInDb, now: Date): Promise<SignInSweep> {
  const links = await db
    .deleteFrom('help_sign_in_links_used')
    .where('used_at', '<=', usedSignInLinksForgottenBefore(now))
    .executeTakeFirst();
  const sessions = await db
    .deleteFrom('help_sessions')
    .where((row) => row.or([row('signed_out_at', 'is not', null), row('expires_at', '<=', now)]))
    .executeTakeFirst();
  return { links: Number(links.numDeletedRows), sessions: Number(sessions.numDeletedRows) };
}
