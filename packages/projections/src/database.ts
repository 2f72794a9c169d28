import { createPool } from '@support-engine/eventstore-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import type { ReadModelTables } from './schema.js';

/** Options of {@link createReadModelDb}. */
export interface ReadModelDbOptions {
  /**
   * Schema the read models live in; `public` when omitted. Connections set their
   * `search_path` to it, so every projection, migration and query works unchanged in a
   * rebuild schema.
   */
  schema?: string;
  /** Pool size; 5 by default. */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Refuses schema names that would need quoting: they are spliced into connection options and DDL. */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name "${schema}": use lower-case letters, digits, _`);
  return schema;
}

/** A kysely handle over a fresh pool to the read models (of `options.schema`). */
export function createReadModelDb(connectionString: string, options: ReadModelDbOptions = {}): Kysely<ReadModelTables> {
  const schema = assertSchemaName(options.schema ?? 'public');
  // A connection dropped by the server (restart, shutdown) must not crash the process: the pool
  // discards it and the next query opens a fresh one.
  const pool = createPool({
    connectionString,
    max: options.maxConnections ?? 5,
    options: `-c search_path=${schema}`,
  });
  return new Kysely<ReadModelTables>({ dialect: new PostgresDialect({ pool }) });
}
