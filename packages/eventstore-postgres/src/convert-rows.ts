import { type Kysely, type RawBuilder, sql } from 'kysely';

/** The conversion of rows written before migration 0005, as `event_store_conversions` names it. */
export const CONVERSION_0005 = '0005_event_facts_stored_once';

/** The conversion of rows written before migration 0006 (their hash as text), as `event_store_conversions` names it. */
export const CONVERSION_0006 = '0006_hashes_stored_as_bytes';

/** The conversion of rows written before migration 0008 (the actor in the metadata), as `event_store_conversions` names it. */
export const CONVERSION_0008 = '0008_actor_stored_in_columns';

/**
 * The transaction-local setting under which the append-only trigger lets a conversion of a row's
 * storage through (since 0005): an UPDATE that leaves every field a reader sees exactly as it was.
 */
export const CONVERTING_SETTING = 'event_store.converting';

/** Options of {@link convertEventRows}. */
export interface ConvertEventRowsOptions {
  /** Rows looked at per transaction; 1,000 by default. */
  batchSize?: number;
  /**
   * Called after each committed batch with the conversion's name, the last global position it
   * covered and how many rows it converted.
   */
  onBatch?: (batch: { conversion: string; throughPosition: bigint; converted: number }) => void | Promise<void>;
}

// A row of the command's last event as 0004 wrote it: the digest in hex text. Its metadata loses
// the two keys only when they are exactly the columns' values (what append_events does since 0005).
const FOLDED = sql`coalesce(e.metadata->'commandId' = to_jsonb(e.command_id)
  and e.metadata->'commandDigest' = to_jsonb(e.command_digest), false)`;

/** One migration's change of the stored form: the rows it applies to and the update of each. */
interface RowConversion {
  readonly name: string;
  /** Over `events e`: the rows still in the older form. */
  readonly where: RawBuilder<unknown>;
  /** The SET list bringing such a row to the new form. */
  readonly set: RawBuilder<unknown>;
}

// In migration order. Each leaves what a reader sees and the hash covers exactly as it was.
const CONVERSIONS: readonly RowConversion[] = [
  {
    // The command digest as its 32 bytes; the command's keys no longer repeated in the metadata.
    name: CONVERSION_0005,
    where: sql`e.command_digest ~ '^[0-9a-f]{64}$'`,
    set: sql`command_sha256 = decode(e.command_digest, 'hex'),
      command_digest = null,
      command_in_metadata = case when ${FOLDED} then true end,
      metadata = case when ${FOLDED} then e.metadata - 'commandId' - 'commandDigest' else e.metadata end`,
  },
  {
    // The hash as its 32 bytes (rewriting the row also frees the space of the dropped prev_hash).
    name: CONVERSION_0006,
    where: sql`e.hash ~ '^[0-9a-f]{64}$'`,
    set: sql`hash_sha256 = decode(e.hash, 'hex'), hash = null`,
  },
  {
    // The actor in its columns, as append_events stores it since 0008 (both keys strings).
    name: CONVERSION_0008,
    where: sql`e.actor_id is null and jsonb_typeof(e.metadata->'actorId') = 'string'
      and jsonb_typeof(e.metadata->'actorRole') = 'string'`,
    set: sql`actor_id = e.metadata->>'actorId', actor_role = e.metadata->>'actorRole',
      metadata = nullif(e.metadata - 'actorId' - 'actorRole', '{}'::jsonb)`,
  },
];

/**
 * Brings the rows appended before a migration that changed their storage (0005: the command
 * digest as bytes and the command's keys stored once; 0006: the hash as bytes; 0008: the actor in
 * columns) to the new form;
 * every reader sees the same event before and after (see the migrations). Each conversion whose
 * migration has run walks the rows up to the log's end at that migration by global position, in
 * batches of one short transaction each, so appends and reads go on meanwhile; each batch records
 * how far it got in `event_store_conversions`, so an interrupted run resumes there, and a finished
 * one costs one lookup. Concurrent runs take turns batch by batch. Returns how many rows this run
 * converted (a row converted by two migrations counts twice).
 */
export async function convertEventRows<DB>(db: Kysely<DB>, options: ConvertEventRowsOptions = {}): Promise<number> {
  let total = 0;
  for (const conversion of CONVERSIONS) total += await convert(db, conversion, options);
  return total;
}

async function convert<DB>(db: Kysely<DB>, conversion: RowConversion, options: ConvertEventRowsOptions) {
  const { batchSize = 1_000, onBatch } = options;
  const { name } = conversion;
  let total = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const { rows: progress } = await sql<{ through: string; last: string }>`
        select through_position::text as through, last_position::text as last from event_store_conversions
        where name = ${name} for update`.execute(trx);
      // No row: the conversion's migration has not run.
      const [current] = progress;
      if (!current || BigInt(current.through) >= BigInt(current.last)) return undefined;
      const { through, last } = current;
      // Lets the append-only trigger pass this transaction's conversions, and nothing else.
      await sql`select set_config(${CONVERTING_SETTING}, 'on', true)`.execute(trx);
      const { rows } = await sql<{ through: string; converted: string }>`
        with batch as (
          select global_position from events
          where global_position > ${through}::bigint and global_position <= ${last}::bigint
          order by global_position limit ${batchSize}
        ), converted as (
          update events e set ${conversion.set}
          from batch b
          where e.global_position = b.global_position and ${conversion.where}
          returning 1
        ), advanced as (
          update event_store_conversions
          set through_position = coalesce((select max(global_position) from batch), last_position)
          where name = ${name}
          returning through_position
        )
        select (select through_position::text from advanced) as through,
          (select count(*) from converted)::text as converted`.execute(trx);
      return rows[0]!;
    });
    if (!batch) return total;
    total += Number(batch.converted);
    await onBatch?.({ conversion: name, throughPosition: BigInt(batch.through), converted: Number(batch.converted) });
  }
}
