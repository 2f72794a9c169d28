import { createHash } from 'node:crypto';
import type { Kysely, RawBuilder } from 'kysely';

/** Statement names by SQL text: a search has a handful of shapes, each hashed once. */
const names = new Map<string, string>();
const MAX_NAMES = 1_000;

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `kb_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `query` as a named prepared statement of the connection that runs it: PostgreSQL parses,
 * analyses and plans a large query once per connection (after a few executions it keeps a
 * generic plan when that is no costlier), instead of on every call. The name is a hash of the
 * SQL text, so each distinct text is its own statement and values only ever travel as
 * parameters.
 *
 * Kysely's PostgreSQL driver hands the compiled query's `sql` to node-postgres `client.query`
 * as is, and node-postgres takes a `{ name, text }` query config there: that is how the name
 * reaches it. Any other driver would receive an object where it expects text, so this is only
 * for the read models' own (node-postgres) pools.
 */
export async function executePrepared<DB, R>(db: Kysely<DB>, query: RawBuilder<R>): Promise<R[]> {
  const compiled = query.compile(db);
  const config = { name: statementName(compiled.sql), text: compiled.sql };
  const result = await db.executeQuery<R>({ ...compiled, sql: config as unknown as string });
  return result.rows;
}
