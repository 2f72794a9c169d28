import type { ChainBreak } from '@support-engine/eventstore';
import { type Kysely, sql } from 'kysely';
import type { EventStoreTables } from './schema.js';

interface BreakRow {
  stream_id: string;
  stream_version: number;
  global_position: string;
  previous_version: number | null;
  hash: string | null;
  recomputed: string;
}

const NONE = '(none)';

/**
 * Recomputes the hash chain in SQL, with the same `event_hash` function `append_events` used, over
 * each event as appended (`event_metadata` re-assembles metadata stored in part in columns) and
 * the hash of the stream's event before it (`lag`; none for the first), and returns the first
 * broken link of each stream (of one stream when `streamId` is given). A link is broken when a
 * row does not follow its predecessor's version (rows removed before it) or its hash is not the
 * digest of its predecessor's hash and its own content (it was edited, or the row before it was
 * rewritten). Unkeyed: someone who rewrites the hashes forward passes it; the seals catch that.
 */
export async function findChainBreaks(db: Kysely<EventStoreTables>, streamId?: string): Promise<ChainBreak[]> {
  const onlyStream = streamId === undefined ? sql`` : sql`where stream_id = ${streamId}`;
  const { rows } = await sql<BreakRow>`
    select distinct on (stream_id) stream_id, stream_version, global_position, previous_version, hash, recomputed
    from (
      select stream_id, stream_version, global_position, previous_version, hash,
        event_hash(previous_hash, stream_id, stream_version, type, schema_version, data, metadata, recorded_at) as recomputed
      from (
        select stream_id, stream_version, global_position, type, schema_version, data, recorded_at,
          event_metadata(metadata, command_in_metadata, command_id, command_sha256, actor_id, actor_role) as metadata,
          event_hash_text(hash_sha256, hash) as hash,
          lag(event_hash_text(hash_sha256, hash)) over stream as previous_hash,
          lag(stream_version) over stream as previous_version
        from events ${onlyStream}
        window stream as (partition by stream_id order by stream_version)
      ) linked
    ) chain
    where stream_version <> coalesce(previous_version, 0) + 1 or hash is distinct from recomputed
    order by stream_id, stream_version`.execute(db);
  return rows.map((row) => {
    const linkBroken = row.stream_version !== (row.previous_version ?? 0) + 1;
    return {
      streamId: row.stream_id,
      firstBadVersion: row.stream_version,
      globalPosition: BigInt(row.global_position),
      problem: linkBroken ? 'broken_link' : 'altered',
      detail: linkBroken
        ? `does not follow the event before it (${row.previous_version === null ? 'none' : `version ${row.previous_version}`}): the events between were removed`
        : 'its content and the hash of the event before it do not give its stored hash: the one before was rewritten, or it was edited',
      expected: row.recomputed,
      actual: row.hash ?? NONE,
    };
  });
}
