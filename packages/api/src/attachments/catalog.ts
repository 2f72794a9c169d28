import type { Actor, MessageAttachment } from '@support-engine/domain';
import type { ReadModelTables } from '@support-engine/projections';
import { type Kysely, sql } from 'kysely';

/**
 * The attachments the API has handed out upload URLs for, and what was stored. This is the
 * API's own record, not a read model: nothing in the event log rebuilds it (a message's event
 * carries the stored file's name, type, size and digest; this row says who uploaded it).
 */
export interface AttachmentsTable {
  attachment_id: string;
  /** SHA-256 of the upload URL's secret; cleared once the file is stored (the URL is then spent). */
  upload_token_hash: string | null;
  uploader_id: string;
  uploader_role: string;
  file_name: string;
  declared_type: string | null;
  /** `pending` (URL handed out), `uploading` (bytes arriving) or `stored`. */
  status: string;
  content_type: string | null;
  size: string | null;
  sha256: string | null;
  created_at: Date;
  /** The upload URL works until then. */
  expires_at: Date;
  claimed_at: Date | null;
  stored_at: Date | null;
  /** When a message first named it: from then on it is never swept. */
  attached_at: Date | null;
}

/** The read models plus the API's attachment record (same database). */
export type AttachmentDb = Kysely<ReadModelTables & { attachments: AttachmentsTable }>;

/** An upload whose bytes stop arriving for this long may be started again with the same URL. */
const STALE_UPLOAD = '10 minutes';

/** Creates the attachment record unless it exists (idempotent; every API process runs it at start). */
export async function migrateAttachments(db: AttachmentDb): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('support-engine.attachments.migrate'))`.execute(connection);
    try {
      await sql`create table if not exists attachments (
        attachment_id text primary key,
        upload_token_hash text unique,
        uploader_id text not null,
        uploader_role text not null,
        file_name text not null,
        declared_type text,
        status text not null check (status in ('pending', 'uploading', 'stored')),
        content_type text,
        size bigint,
        sha256 text,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        claimed_at timestamptz,
        stored_at timestamptz,
        attached_at timestamptz
      )`.execute(connection);
    } finally {
      await sql`select pg_advisory_unlock(hashtext('support-engine.attachments.migrate'))`.execute(connection);
    }
  });
}

/** A new upload: waiting for its bytes at an upload URL (`tokenHash`), or receiving them now (`null`). */
export interface NewUpload {
  readonly attachmentId: string;
  readonly tokenHash: string | null;
  readonly uploader: Actor;
  readonly fileName: string;
  readonly declaredType: string | null;
  readonly now: Date;
  readonly expiresAt: Date;
}

/**
 * Selected beside the rows a write returns, so that write's commit does not wait for the disk
 * (PostgreSQL's `synchronous_commit = off`, set for its own transaction only): for the rows of
 * an upload in progress, whose loss in a database crash costs the client one retry with a new
 * URL and nothing else. One round trip, where a transaction setting it would take four. A stored
 * file's row is always committed durably ({@link completeUpload}).
 */
const COMMIT_WITHOUT_WAITING = sql<string>`set_config('synchronous_commit', 'off', true)`.as('commit_without_waiting');

export async function recordUpload(db: AttachmentDb, upload: NewUpload): Promise<void> {
  await db
    .with('recorded', (db) =>
      db
        .insertInto('attachments')
        .values({
          attachment_id: upload.attachmentId,
          upload_token_hash: upload.tokenHash,
          uploader_id: upload.uploader.id,
          uploader_role: upload.uploader.role,
          file_name: upload.fileName,
          declared_type: upload.declaredType,
          status: upload.tokenHash === null ? 'uploading' : 'pending',
          content_type: null,
          size: null,
          sha256: null,
          created_at: upload.now,
          expires_at: upload.expiresAt,
          claimed_at: upload.tokenHash === null ? upload.now : null,
          stored_at: null,
          attached_at: null,
        })
        .returning('attachment_id'),
    )
    .selectFrom('recorded')
    .select(COMMIT_WITHOUT_WAITING)
    .execute();
}

/**
 * Takes the upload an unexpired URL names for one request (`uploading`), or answers `null`: the
 * URL is unknown, expired, spent, or another request is sending its bytes right now.
 */
export async function claimUpload(db: AttachmentDb, tokenHash: string, now: Date) {
  return db
    .with('claimed', (db) =>
      db
        .updateTable('attachments')
        .set({ status: 'uploading', claimed_at: now })
        .where('upload_token_hash', '=', tokenHash)
        .where('expires_at', '>', now)
        .where((eb) =>
          eb.or([
            eb('status', '=', 'pending'),
            eb.and([
              eb('status', '=', 'uploading'),
              eb('claimed_at', '<', sql<Date>`${now}::timestamptz - ${STALE_UPLOAD}::interval`),
            ]),
          ]),
        )
        .returning(['attachment_id', 'file_name', 'declared_type']),
    )
    .selectFrom('claimed')
    .select(['attachment_id', 'file_name', 'declared_type', COMMIT_WITHOUT_WAITING])
    .executeTakeFirst();
}

/** The bytes are stored: the URL is spent. */
export async function completeUpload(
  db: AttachmentDb,
  attachmentId: string,
  stored: { contentType: string; size: number; sha256: string },
  now: Date,
): Promise<void> {
  await db
    .updateTable('attachments')
    .set({
      status: 'stored',
      upload_token_hash: null,
      content_type: stored.contentType,
      size: String(stored.size),
      sha256: stored.sha256,
      stored_at: now,
    })
    .where('attachment_id', '=', attachmentId)
    .execute();
}

/** An upload without a URL failed: nothing of it is kept. */
export async function forgetUpload(db: AttachmentDb, attachmentId: string): Promise<void> {
  await db
    .deleteFrom('attachments')
    .where('attachment_id', '=', attachmentId)
    .where('status', '=', 'uploading')
    .execute();
}

/** The upload failed (refused or broken off): its URL may be used again until it expires. */
export async function releaseUpload(db: AttachmentDb, attachmentId: string): Promise<void> {
  await db
    .updateTable('attachments')
    .set({ status: 'pending', claimed_at: null })
    .where('attachment_id', '=', attachmentId)
    .where('status', '=', 'uploading')
    .execute();
}

/**
 * Stored files among `ids` that `uploader` uploaded, as messages record them, marked attached
 * (in the same statement, so the sweep of abandoned uploads can never take one a message is
 * about to name: whichever comes second finds the row changed).
 */
export async function attachUploads(
  db: AttachmentDb,
  ids: readonly string[],
  uploader: Actor,
  now: Date,
): Promise<MessageAttachment[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('attachments')
    .set((eb) => ({ attached_at: eb.fn.coalesce('attached_at', sql<Date>`${now}::timestamptz`) }))
    .where('attachment_id', 'in', ids)
    .where('status', '=', 'stored')
    .where('uploader_id', '=', uploader.id)
    .where('uploader_role', '=', uploader.role)
    .returningAll()
    .execute();
  return rows.map(toAttachment);
}

/**
 * Forgets uploads nobody will use and answers the stored ones whose bytes must go: files stored
 * before `storedBefore` that no message ever named, and upload URLs that expired before
 * `expiredBefore` without a file. The rows go first, so no message can name them afterwards.
 */
export async function forgetAbandonedUploads(
  db: AttachmentDb,
  storedBefore: Date,
  expiredBefore: Date,
): Promise<string[]> {
  const rows = await db
    .deleteFrom('attachments')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'stored'), eb('attached_at', 'is', null), eb('stored_at', '<', storedBefore)]),
        eb.and([eb('status', '!=', 'stored'), eb('expires_at', '<', expiredBefore)]),
      ]),
    )
    .returning(['attachment_id', 'status'])
    .execute();
  return rows.filter((row) => row.status === 'stored').map((row) => row.attachment_id);
}

/**
 * The stored file, when `reader` may see it: they uploaded it, or a message they may read carries
 * it (for staff, any ticket or chat message; for a customer, a message that is not internal, on
 * their own ticket or chat). One query: a download pays one round trip for its authorization.
 */
export async function readableAttachment(
  db: AttachmentDb,
  attachmentId: string,
  reader: Actor,
): Promise<MessageAttachment | null> {
  const carries = JSON.stringify([{ attachmentId }]);
  const customer = reader.role === 'customer';
  let onTicket = db
    .selectFrom('ticket_messages as m')
    .select(sql`1`.as('one'))
    .where(sql<boolean>`m.attachments @> ${carries}::jsonb`);
  let inChat = db
    .selectFrom('chat_messages as m')
    .select(sql`1`.as('one'))
    .where(sql<boolean>`m.attachments @> ${carries}::jsonb`);
  if (customer) {
    onTicket = onTicket
      .innerJoin('tickets as t', 't.ticket_id', 'm.ticket_id')
      .where('m.internal', '=', false)
      .where('t.customer_id', '=', reader.id);
    inChat = inChat
      .innerJoin('chat_sessions as c', 'c.chat_id', 'm.chat_id')
      .where('m.internal', '=', false)
      .where('c.customer_id', '=', reader.id);
  }
  const row = await db
    .selectFrom('attachments as a')
    .select(['a.attachment_id', 'a.file_name', 'a.content_type', 'a.size', 'a.sha256'])
    .where('a.attachment_id', '=', attachmentId)
    .where('a.status', '=', 'stored')
    .where((eb) =>
      eb.or([
        eb.and([eb('a.uploader_id', '=', reader.id), eb('a.uploader_role', '=', reader.role)]),
        eb.exists(onTicket),
        eb.exists(inChat),
      ]),
    )
    .executeTakeFirst();
  return row === undefined ? null : toAttachment(row);
}

function toAttachment(row: {
  attachment_id: string;
  file_name: string;
  content_type: string | null;
  size: string | null;
  sha256: string | null;
}): MessageAttachment {
  return {
    attachmentId: row.attachment_id,
    fileName: row.file_name,
    contentType: row.content_type ?? 'application/octet-stream',
    size: Number(row.size),
    sha256: row.sha256 ?? '',
  };
}
