import { type Kysely, sql } from 'kysely';
import type { Projection } from './projection.js';

/** A table's content digest and row count. */
export interface TableHash {
  readonly table: string;
  readonly rows: number;
  /** md5 over every row's text form, rows in text order: equal iff the contents are equal. */
  readonly md5: string;
}

/**
 * Hashes a table's content independently of physical row order: md5 over the rows' text
 * forms sorted as text. Two tables with the same rows (in any insertion order) hash the same.
 */
export async function tableContentHash<DB>(db: Kysely<DB>, table: string, schema?: string): Promise<TableHash> {
  const ref = sql.table(schema === undefined ? table : `${schema}.${table}`);
  const { rows } = await sql<{ md5: string; rows: string }>`
    select md5(coalesce(string_agg(r::text, E'\n' order by r::text), '')) as md5, count(*) as rows
    from ${ref} r`.execute(db);
  return { table, rows: Number(rows[0]!.rows), md5: rows[0]!.md5 };
}

/** The content hash of every table a projection owns. */
export async function projectionContentHash<DB>(
  db: Kysely<DB>,
  projection: Projection,
  schema?: string,
): Promise<TableHash[]> {
  const hashes: TableHash[] = [];
  for (const table of projection.tables) hashes.push(await tableContentHash(db, table, schema));
  return hashes;
}
