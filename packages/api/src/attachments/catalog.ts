import { randomBytes } from 'node:crypto';
import type { Actor } from '@support-engine/domain';
import { type AttachmentQuota, admitUnattachedUpload, type MessageAttachment } from '@support-engine/domain/attachment';
import { preparedStatement, type ReadModelTables } from '@support-engine/projections';
import { type Kysely, sql } from 'kysely';

/**
 * The uploads the API received, and what was stored. This is the API's own record, not a read
 * model: nothing in the event log rebuilds it (a message's event carries the stored file's name,
 * type, size and digest; this row says who uploaded it). A row is written when an upload's bytes
 * start arriving: handing out an upload URL writes nothing (the URL carries its grant, signed).
 */
export interface AttachmentsTable {
  attachment_id: string;
  uploader_id: string;
  uploader_role: string;
  file_name: string;
  declared_type: string | null;
  /** `uploading` (bytes arriving) or `stored`. */
  status: string;
  content_type: string | null;
  /** Once stored, the file's size; while uploading, the bytes reserved for it against the quotas ({@link reserveUpload}). */
  size: string | null;
  sha256: string | null;
  created_at: Date;
  /**
   * The upload URL works until then (the row outlives it: see {@link forgetAbandonedUploads}); a
   * file sent in one request had no URL, and its row holds the time it was stored.
   */
  expires_at: Date;
  stored_at: Date | null;
  /** When a message or an article first named it: from then on it is never swept. */
  attached_at: Date | null;
  /**
   * How many commands named it: each marks it attached before it is decided, and one that is
   * refused gives its mark back ({@link releaseUploads}); the file is unattached again only when none is left.
   */
  claims: number;
}

/** The read models plus the API's attachment record (same database). */
export type AttachmentDb = Kysely<ReadModelTables & { attachments: AttachmentsTable }>;

/**
 * Creates the attachment record unless it exists (idempotent; every API process runs it at
 * start), and answers the deployment's upload URL key, made on first start.
 */
export async function migrateAttachments(db: AttachmentDb): Promise<Buffer> {
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('support-engine.attachments.migrate'))`.execute(connection);
    try {
      await sql`create table if not exists attachments (
        attachment_id text primary key,
        uploader_id text not null,
        uploader_role text not null,
        file_name text not null,
        declared_type text,
        status text not null check (status in ('uploading', 'stored')),
        content_type text,
        size bigint,
        sha256 text,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        stored_at timestamptz,
        attached_at timestamptz,
        claims integer not null default 0
      )`.execute(connection);
      // Records from before upload URLs were signed: their rows for URLs not yet used go (those
      // URLs no longer verify), as do the column that held each URL's hash and the time a URL was
      // claimed (the row is now written when it is: its `created_at`).
      // Only when they are there: an `alter table` locks the table out for every API process.
      const { rows: old } = await sql`select 1 from information_schema.columns
        where table_schema = current_schema() and table_name = 'attachments'
          and column_name in ('upload_token_hash', 'claimed_at')`.execute(connection);
      if (old.length > 0) {
        await sql`delete from attachments where status = 'pending'`.execute(connection);
        await sql`alter table attachments drop column if exists upload_token_hash,
          drop column if exists claimed_at`.execute(connection);
      }
      // Records from before refused commands gave their marks back: every file attached then was
      // named by a message (or by a refused command, which nothing can tell apart now), so it counts one claim.
      const { rows: claims } = await sql`select 1 from information_schema.columns
        where table_schema = current_schema() and table_name = 'attachments' and column_name = 'claims'`.execute(
        connection,
      );
      if (claims.length === 0) {
        // One transaction: an attached file must never be seen with no claim.
        await sql`begin`.execute(connection);
        try {
          await sql`alter table attachments add column claims integer not null default 0`.execute(connection);
          await sql`update attachments set claims = 1 where attached_at is not null`.execute(connection);
          await sql`commit`.execute(connection);
        } catch (error) {
          await sql`rollback`.execute(connection);
          throw error;
        }
      }
      // The quota check sums the unattached rows (`reserveUpload`).
      await sql`create index if not exists attachments_unattached on attachments (uploader_id, uploader_role)
        include (size) where attached_at is null`.execute(connection);
      // The key upload URLs are signed with: one per deployment, so every API process reads the same.
      await sql`create table if not exists attachment_url_key (
        id smallint primary key check (id = 1),
        secret text not null
      )`.execute(connection);
      await sql`insert into attachment_url_key (id, secret) values (1, ${randomBytes(32).toString('base64')})
        on conflict (id) do nothing`.execute(connection);
    } finally {
      await sql`select pg_advisory_unlock(hashtext('support-engine.attachments.migrate'))`.execute(connection);
    }
  });
  const { rows } = await sql<{ secret: string }>`select secret from attachment_url_key where id = 1`.execute(db);
  return Buffer.from(rows[0]!.secret, 'base64');
}

/**
 * Selected beside the rows a write returns, so that write's commit does not wait for the disk
 * (PostgreSQL's `synchronous_commit = off`, set for its own transaction only): for the row of
 * an upload in progress, whose loss in a database crash costs the client one retry and nothing
 * else. One round trip, where a transaction setting it would take four. A stored file's row is
 * always committed durably ({@link completeUpload}).
 */
const COMMIT_WITHOUT_WAITING = "set_config('synchronous_commit', 'off', true)";

/** An upload through an upload URL (its grant) whose bytes start arriving. */
export interface NewUpload {
  readonly attachmentId: string;
  readonly uploader: Actor;
  readonly fileName: string;
  readonly declaredType: string | null;
  readonly expiresAt: Date;
}

/** Serialises the quota checks of every API process: two uploads cannot both take the last room. */
const QUOTA_LOCK = "hashtext('support-engine.attachments.quota')";

// The statements every upload runs are written once as SQL and prepared: building the query
// anew each time, and PostgreSQL planning it, were a measurable share of a 1 MiB upload's CPU.
const lockQuotas = preparedStatement(`select pg_advisory_xact_lock(${QUOTA_LOCK}), ${COMMIT_WITHOUT_WAITING}`);

const claim = preparedStatement<{ attachment_id: string }>(
  `insert into attachments (attachment_id, uploader_id, uploader_role, file_name, declared_type, status,
    size, created_at, expires_at)
  values ($1, $2, $3, $4, $5, 'uploading', $6, $7, $8)
  on conflict (attachment_id) do nothing
  returning attachment_id`,
);

/**
 * The unattached bytes held (stored files no message or article names, and uploads under way
 * whose URL still works, at their reservation), `$1`/`$2` the caller's among them, `$3` now,
 * `$4` the upload being admitted (not counted).
 */
const unattached = preparedStatement<{ caller: string; deployment: string }>(
  `select coalesce(sum(size) filter (where uploader_id = $1 and uploader_role = $2), 0) as caller,
    coalesce(sum(size), 0) as deployment
  from attachments
  where attached_at is null and (status = 'stored' or expires_at >= $3) and attachment_id <> $4`,
);

/**
 * Takes the upload for one request (`uploading`), reserving `reservation` bytes of the quotas:
 * `false` when its bytes were stored already (the URL is spent) or another request is sending
 * them; `ATTACHMENT_QUOTA_EXCEEDED` (a `DomainError`, nothing written) when the caller's or the
 * deployment's unattached bytes would pass their quota. One transaction under a lock every API
 * process takes, so concurrent uploads are admitted one after the other. One request per URL at
 * a time, and never two writers of one storage key: an upload that fails lets its URL go again
 * ({@link forgetUpload}); one a crash cut short holds it, and its reservation, until it expires,
 * and the client asks for another (handing one out costs no write).
 */
export async function reserveUpload(
  db: AttachmentDb,
  upload: NewUpload,
  reservation: number,
  quota: AttachmentQuota,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (transaction) => {
    const trx: AttachmentDb = transaction;
    await lockQuotas(trx, []);
    const { rows } = await claim(trx, [
      upload.attachmentId,
      upload.uploader.id,
      upload.uploader.role,
      upload.fileName,
      upload.declaredType,
      reservation,
      now,
      upload.expiresAt,
    ]);
    if (rows.length === 0) return false;
    const held = await unattached(trx, [upload.uploader.id, upload.uploader.role, now, upload.attachmentId]);
    const { caller, deployment } = held.rows[0]!;
    // Throwing rolls the claim back.
    admitUnattachedUpload({ caller: Number(caller), deployment: Number(deployment) }, reservation, quota);
    return true;
  });
}

const complete = preparedStatement(
  `update attachments set status = 'stored', content_type = $2, size = $3, sha256 = $4, stored_at = $5
  where attachment_id = $1`,
);

/** The bytes are stored: the URL is spent. */
export async function completeUpload(
  db: AttachmentDb,
  attachmentId: string,
  stored: { contentType: string; size: number; sha256: string },
  now: Date,
): Promise<void> {
  await complete(db, [attachmentId, stored.contentType, stored.size, stored.sha256, now]);
}

const forget = preparedStatement(`delete from attachments where attachment_id = $1 and status = 'uploading'`);

/** The upload failed (refused or broken off): nothing of it is kept, and its URL may be used again until it expires. */
export async function forgetUpload(db: AttachmentDb, attachmentId: string): Promise<void> {
  await forget(db, [attachmentId]);
}

/**
 * Stored files among `ids` that `uploader` uploaded, as messages record them, marked attached (in
 * the same statement, so the sweep of abandoned uploads can never take one a message or an
 * article is about to name: whichever comes second finds the row changed), each mark a claim.
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
    .set((eb) => ({
      attached_at: eb.fn.coalesce('attached_at', sql<Date>`${now}::timestamptz`),
      claims: sql<number>`claims + 1`,
    }))
    .where('attachment_id', 'in', ids)
    .where('status', '=', 'stored')
    .where('uploader_id', '=', uploader.id)
    .where('uploader_role', '=', uploader.role)
    .returningAll()
    .execute();
  return rows.map(toAttachment);
}

/**
 * Gives back the claims {@link attachUploads} made for a command that was refused (nothing written
 * names the files): a file no other command claims is unattached again, so the sweep removes it
 * in time; one a message recorded, or another command in flight claims, stays attached.
 */
export async function releaseUploads(db: AttachmentDb, ids: readonly string[], uploader: Actor): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('attachments')
    .set({
      claims: sql<number>`claims - 1`,
      attached_at: sql<Date | null>`case when claims = 1 then null else attached_at end`,
    })
    .where('attachment_id', 'in', ids)
    .where('uploader_id', '=', uploader.id)
    .where('uploader_role', '=', uploader.role)
    .where('claims', '>', 0)
    .execute();
}

/**
 * Forgets uploads nobody will use and answers the stored ones whose bytes must go: files stored
 * before `before` that no message or article ever named, and uploads broken off whose URL expired before it.
 * A stored file's row also waits for its URL to expire (`now`): while the row exists the URL is
 * spent, and it must never work again once the row is gone. The rows go first, so no message can
 * name them afterwards.
 */
export async function forgetAbandonedUploads(db: AttachmentDb, before: Date, now: Date): Promise<string[]> {
  const rows = await db
    .deleteFrom('attachments')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'stored'),
          eb('attached_at', 'is', null),
          eb('stored_at', '<', before),
          eb('expires_at', '<', now),
        ]),
        eb.and([eb('status', '!=', 'stored'), eb('expires_at', '<', before)]),
      ]),
    )
    .returning(['attachment_id', 'status'])
    .execute();
  return rows.filter((row) => row.status === 'stored').map((row) => row.attachment_id);
}

/**
 * Who the files the mail ingress keeps are recorded as uploaded by: the raw messages (the whole
 * mail, to read or download) and the parts of mail no message carries yet (held for review).
 */
export const MAIL_IN_UPLOADER: Actor = { id: 'mail-in', role: 'system' };

/**
 * Records a file the engine stored itself, not through an upload (the mail ingress's raw
 * messages and parts), as stored and attached at once: the sweep never takes it. Its id is the
 * key it is stored under; recording it again (a message processed again after a crash) keeps the
 * first row.
 */
export async function catalogStoredFile(
  db: Kysely<{ attachments: AttachmentsTable }>,
  file: MessageAttachment,
  uploader: Actor,
  now: Date,
): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      attachment_id: file.attachmentId,
      uploader_id: uploader.id,
      uploader_role: uploader.role,
      file_name: file.fileName,
      declared_type: null,
      status: 'stored',
      content_type: file.contentType,
      size: String(file.size),
      sha256: file.sha256,
      created_at: now,
      expires_at: now,
      stored_at: now,
      attached_at: now,
      claims: 1,
    })
    .onConflict((conflict) => conflict.column('attachment_id').doNothing())
    .execute();
}

/**
 * The authorization of a download, one prepared statement: `$1` the file, `$2` `[{ attachmentId }]`,
 * `$3`/`$4` the reader (id and role; none for a visitor). The messages and articles carrying the
 * file are counted, not tested with `exists`: planned once for any file, an `exists` expects a
 * match among the first rows and scans the messages from the start (measured: 1 MiB downloads
 * fell from 0.8x to 0.46x the plain route), where a count needs every match and takes the index
 * on the attachments.
 */
const readableBy = (carried: readonly string[]) =>
  preparedStatement<StoredRow>(
    `select a.attachment_id, a.file_name, a.content_type, a.size, a.sha256 from attachments a
    where a.attachment_id = $1 and a.status = 'stored' and (${carried.join('\n      or ')})`,
  );

const UPLOADED = '(a.uploader_id = $3 and a.uploader_role = $4)';
/**
 * A published version of an article customers still read (one of its versions is current: it is
 * not archived). Not only the current one: `articleVersion` shows them any published version.
 */
const ON_PUBLISHED_ARTICLE = `(select count(*) from kb_article_versions v
      join kb_article_versions c on c.article_id = v.article_id and c.is_current
      where v.attachments @> $2::jsonb) > 0`;

/**
 * Staff read any message, the raw original of one that came by mail (customers never: it holds
 * what the mail quoted, headers and all), whatever else the mail ingress kept (the original and
 * parts of a message held for review), and any article: its working text (drafts included) and
 * every version.
 */
const readableByStaff = readableBy([
  UPLOADED,
  `(a.uploader_id = '${MAIL_IN_UPLOADER.id}' and a.uploader_role = '${MAIL_IN_UPLOADER.role}')`,
  '(select count(*) from ticket_messages m where m.attachments @> $2::jsonb) > 0',
  "(select count(*) from ticket_messages m where m.mail is not null and m.mail->>'original' = $1) > 0",
  '(select count(*) from chat_messages m where m.attachments @> $2::jsonb) > 0',
  '(select count(*) from kb_articles k where k.attachments @> $2::jsonb) > 0',
  '(select count(*) from kb_article_versions v where v.attachments @> $2::jsonb) > 0',
]);
/**
 * A customer reads the messages that are not internal on their own tickets and chats, and the
 * published versions of articles.
 */
const readableByCustomer = readableBy([
  UPLOADED,
  `(select count(*) from ticket_messages m join tickets t on t.ticket_id = m.ticket_id
      where m.attachments @> $2::jsonb and not m.internal and t.customer_id = $3) > 0`,
  `(select count(*) from chat_messages m join chat_sessions c on c.chat_id = m.chat_id
      where m.attachments @> $2::jsonb and not m.internal and c.customer_id = $3) > 0`,
  ON_PUBLISHED_ARTICLE,
]);
/** A visitor of a public help center (no account: no uploads, no messages) reads published articles. */
const readableByVisitor = readableBy([ON_PUBLISHED_ARTICLE]);

/** Whose files a reader reaches: see {@link readableAttachment}. */
export type AttachmentAudience = 'staff' | 'customer' | 'visitor';

/**
 * The stored file, when the reader may see it: they uploaded it, or a message or article they may
 * read carries it. Staff: any ticket or chat message, the original of a ticket message that came
 * by mail, any article (drafts included); a customer
 * (`reader`): a message that is not internal on their own ticket or chat, or a published version
 * of an article not archived; a visitor without an account: such an article version only. One
 * query: a download pays one round trip for its authorization.
 */
export async function readableAttachment(
  db: AttachmentDb,
  attachmentId: string,
  reader: Actor,
  audience: AttachmentAudience,
): Promise<MessageAttachment | null> {
  const carried = JSON.stringify([{ attachmentId }]);
  const { rows } =
    audience === 'visitor'
      ? await readableByVisitor(db, [attachmentId, carried])
      : await (audience === 'customer' ? readableByCustomer : readableByStaff)(db, [
          attachmentId,
          carried,
          reader.id,
          reader.role,
        ]);
  return rows[0] === undefined ? null : toAttachment(rows[0]);
}

/** What a stored file's row says of it. */
interface StoredRow {
  attachment_id: string;
  file_name: string;
  content_type: string | null;
  size: string | null;
  sha256: string | null;
}

function toAttachment(row: StoredRow): MessageAttachment {
  return {
    attachmentId: row.attachment_id,
    fileName: row.file_name,
    contentType: row.content_type ?? 'application/octet-stream',
    size: Number(row.size),
    sha256: row.sha256 ?? '',
  };
}
