import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely, type QueryResult, type RawBuilder } from 'kysely';

/** Statement names by SQL text: each shape is hashed once. */
const names = new Map<string, string>();
const MAX_NAMES = 1_000;

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `ps_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * `text` (SQL with `$1`, `$2`… for `parameters`) as the prepared statement `name` of the connection
 * that runs it: PostgreSQL parses, analyses and plans it once per connection (after a few
 * executions it keeps a generic plan when that is no costlier), instead of on every call. The
 * name is a hash of the text, so each distinct text is its own statement and values only ever
 * travel as parameters.
 *
 * Kysely's PostgreSQL driver hands the compiled query's `sql` to node-postgres `client.query`
 * as is, and node-postgres takes a `{ name, text }` query config there: that is how the name
 * reaches it. Any other driver would receive an object where it expects text, so this is only
 * for pools of node-postgres (the read models' and the API's). Check the plan PostgreSQL keeps
 * when the best one hangs on a parameter's value: an `exists` over a containment test on an
 * indexed JSON column, planned for any value, expects an early match and scans the table.
 */
function preparedQuery<R>(name: string, text: string, parameters: readonly unknown[]): CompiledQuery<R> {
  return { ...CompiledQuery.raw(text, [...parameters]), sql: { name, text } as unknown as string } as CompiledQuery<R>;
}

/**
 * A statement written once as SQL text, run as a named prepared statement ({@link preparedQuery}):
 * hot paths skip building the query each time as well as PostgreSQL's planning.
 */
export function preparedStatement<R>(text: string) {
  const name = statementName(text);
  return <DB>(db: Kysely<DB>, parameters: readonly unknown[]): Promise<QueryResult<R>> =>
    db.executeQuery(preparedQuery<R>(name, text, parameters));
}

/** Runs a query built with kysely's `sql` as a named prepared statement ({@link preparedQuery}). */
export async function executePrepared<DB, R>(db: Kysely<DB>, query: RawBuilder<R>): Promise<R[]> {
  const compiled = query.compile(db);
  return (await db.executeQuery(preparedQuery<R>(statementName(compiled.sql), compiled.sql, compiled.parameters))).rows;
}
