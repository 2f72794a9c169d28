import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { AttachmentStorage } from './storage.js';

/** A file the log names whose stored bytes are gone, or are not the ones its digest vouches for. */
export interface AttachmentFinding {
  readonly attachmentId: string;
  readonly problem: 'missing' | 'altered';
  /** The SHA-256 the log records for it. */
  readonly expectedSha256: string;
  /** The SHA-256 of what is stored now; null when nothing is. */
  readonly actualSha256: string | null;
}

/** What {@link verifyStoredAttachments} found. */
export interface AttachmentVerification {
  /** Files the log names with a digest, each read and hashed. */
  readonly checked: number;
  readonly findings: readonly AttachmentFinding[];
}

/**
 * Reads every file the event log names with a SHA-256 (messages', chats' and articles' files,
 * wherever an event's data lists `attachments`) back from `storage` and hashes it. The digest is
 * taken from the log, which the hash chain and the seals cover, not from the API's own record
 * of uploads, so a file and that record altered together are still found. Files no event names
 * (uploads never sent) are not part of the record and are not read. Streams each file: memory
 * stays flat whatever their sizes.
 */
export async function verifyStoredAttachments(
  // Any schema: the statement names the log's own table.
  // biome-ignore lint/suspicious/noExplicitAny: the statement is raw SQL over the event store's table.
  db: Kysely<any>,
  storage: AttachmentStorage,
): Promise<AttachmentVerification> {
  const { rows } = await sql<{ attachment_id: string; sha256: string }>`
    select distinct on (a->>'attachmentId') a->>'attachmentId' as attachment_id, a->>'sha256' as sha256
    from events, jsonb_path_query(data, 'lax $.**.attachments[*]') a
    where strpos(data::text, '"attachmentId"') > 0
      and jsonb_typeof(a) = 'object' and a ? 'attachmentId' and a ? 'sha256'
    order by a->>'attachmentId', global_position`.execute(db);
  const findings: AttachmentFinding[] = [];
  for (const { attachment_id: attachmentId, sha256 } of rows) {
    // An id no upload could have made (an altered log, which audit verify reports) holds nothing.
    const stored = await storage.read(attachmentId).catch(() => null);
    if (stored === null) {
      findings.push({ attachmentId, problem: 'missing', expectedSha256: sha256, actualSha256: null });
      continue;
    }
    const hash = createHash('sha256');
    for await (const chunk of stored.body) hash.update(chunk as Buffer);
    const actual = hash.digest('hex');
    if (actual !== sha256)
      findings.push({ attachmentId, problem: 'altered', expectedSha256: sha256, actualSha256: actual });
  }
  return { checked: rows.length, findings };
}
