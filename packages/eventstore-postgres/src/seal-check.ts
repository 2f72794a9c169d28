import type { ChainBreak, LogSeal, Seal } from '@support-engine/eventstore';
import { type Kysely, sql } from 'kysely';
import type { EventStoreTables } from './schema.js';

interface SealedRow {
  stream_id: string;
  version: number;
  sealed_position: string;
  sealed_hash: string;
  sealed_at: string;
  position: string | null;
  hash: string | null;
  last_version: number | null;
}

const NONE = '(none)';

/**
 * Compares the stored events with their seals and returns the first sealed event of each stream
 * that is altered (another hash or position), missing, or cut off with the stream's tail. Only
 * mismatches come back from the database: the seals travel as arrays, matched with one join.
 */
export async function findSealBreaks(db: Kysely<EventStoreTables>, seals: readonly Seal[]): Promise<ChainBreak[]> {
  const columns = {
    streams: [] as string[],
    versions: [] as number[],
    positions: [] as string[],
    hashes: [] as string[],
    at: [] as string[],
  };
  for (const seal of seals) {
    if (seal.kind !== 'stream') continue;
    for (const [version, position, hash] of seal.events) {
      columns.streams.push(seal.streamId);
      columns.versions.push(version);
      columns.positions.push(position);
      columns.hashes.push(hash);
      columns.at.push(seal.sealedAt);
    }
  }
  if (columns.streams.length === 0) return [];
  const { rows } = await sql<SealedRow>`
    select distinct on (s.stream_id) s.stream_id, s.version, s.sealed_position, s.sealed_hash, s.sealed_at,
      e.global_position as position, event_hash_text(e.hash_sha256, e.hash) as hash,
      (select max(l.stream_version) from events l where l.stream_id = s.stream_id) as last_version
    from unnest(${columns.streams}::text[], ${columns.versions}::int[], ${columns.positions}::bigint[],
        ${columns.hashes}::text[], ${columns.at}::text[]) as s(stream_id, version, sealed_position, sealed_hash, sealed_at)
      left join events e on e.stream_id = s.stream_id and e.stream_version = s.version
    where event_hash_text(e.hash_sha256, e.hash) is distinct from s.sealed_hash or e.global_position is distinct from s.sealed_position
    order by s.stream_id, s.version`.execute(db);
  return rows.map(toBreak);
}

function toBreak(row: SealedRow): ChainBreak {
  const base = {
    streamId: row.stream_id,
    firstBadVersion: row.version,
    globalPosition: BigInt(row.position ?? row.sealed_position),
    expected: row.sealed_hash,
    actual: row.hash ?? NONE,
  };
  const sealed = `sealed at ${row.sealed_at}`;
  if (row.hash === null && (row.last_version ?? 0) < row.version) {
    const end =
      row.last_version === null ? 'the stream has no events left' : `the stream ends at version ${row.last_version}`;
    return { ...base, problem: 'truncated', detail: `deleted with the stream's tail (${end}; ${sealed})` };
  }
  if (row.hash === null) return { ...base, problem: 'missing', detail: `deleted (${sealed}; later events remain)` };
  if (row.hash !== row.sealed_hash) {
    return {
      ...base,
      problem: 'altered',
      detail: `its hash is not the one ${sealed}: it or an event before it was rewritten`,
    };
  }
  return {
    ...base,
    problem: 'altered',
    detail: `stored at global position ${row.position}, ${sealed} at ${row.sealed_position}`,
  };
}

/** The last log seal's head must still be there with its hash: otherwise the log was truncated (or it was altered). */
export async function findLogHeadBreak(
  db: Kysely<EventStoreTables>,
  seals: readonly Seal[],
): Promise<ChainBreak | undefined> {
  const head = seals.findLast((seal): seal is LogSeal => seal.kind === 'log');
  if (!head) return undefined;
  const { rows } = await sql<{ hash: string | null; last_position: string | null }>`
    select (select event_hash_text(hash_sha256, hash) from events where global_position = ${head.globalPosition}::bigint) as hash,
      (select max(global_position) from events)::text as last_position`.execute(db);
  const { hash, last_position } = rows[0]!;
  if (hash === head.hash) return undefined;
  const base = {
    streamId: head.streamId,
    firstBadVersion: head.version,
    globalPosition: BigInt(head.globalPosition),
    expected: head.hash,
    actual: hash ?? NONE,
  };
  if (hash === null && BigInt(last_position ?? '0') < BigInt(head.globalPosition)) {
    const end = last_position === null ? 'the log is empty' : `the log ends at global position ${last_position}`;
    return {
      ...base,
      problem: 'truncated',
      detail: `the log's tail was deleted: ${end}, sealed up to here at ${head.sealedAt}`,
    };
  }
  if (hash === null)
    return { ...base, problem: 'missing', detail: `the log's sealed head (sealed at ${head.sealedAt}) was deleted` };
  return {
    ...base,
    problem: 'altered',
    detail: `the log's sealed head does not have its sealed hash (sealed at ${head.sealedAt})`,
  };
}

/** Events after the last seal of their stream (all of them without seals): not yet sealed. */
export async function countUnsealed(
  db: Kysely<EventStoreTables>,
  seals: readonly Seal[],
  streamId?: string,
): Promise<number> {
  const sealedUpTo = new Map<string, number>();
  for (const seal of seals) {
    if (seal.kind !== 'stream') continue;
    for (const [version] of seal.events)
      sealedUpTo.set(seal.streamId, Math.max(sealedUpTo.get(seal.streamId) ?? 0, version));
  }
  const onlyStream = streamId === undefined ? sql`` : sql`and e.stream_id = ${streamId}`;
  const { rows } = await sql<{ unsealed: string }>`
    select count(*)::text as unsealed
    from events e left join unnest(${[...sealedUpTo.keys()]}::text[], ${[...sealedUpTo.values()]}::int[]) as m(stream_id, version)
      on m.stream_id = e.stream_id
    where e.stream_version > coalesce(m.version, 0) ${onlyStream}`.execute(db);
  return Number(rows[0]!.unsealed);
}
