/** Test helper (not a test file): counts the queries that read a table, on the real database. */
import { AliasNode, type Kysely, type OperationNode, SelectQueryNode, TableNode } from 'kysely';

/** A database handle whose SELECTs from one table are counted as they run. */
export interface CountedSelects<DB> {
  /** The same database, counting: give it to what is measured. */
  readonly db: Kysely<DB>;
  /** How many SELECTs from the table ran through {@link db} so far. */
  count(): number;
}

const tableOf = (node: OperationNode): string | undefined => {
  const table = AliasNode.is(node) ? node.node : node;
  return TableNode.is(table) ? table.table.identifier.name : undefined;
};

/** `db`, counting each SELECT whose FROM names `table`. */
export function countSelects<DB>(db: Kysely<DB>, table: string): CountedSelects<DB> {
  let count = 0;
  const counted = db.withPlugin({
    transformQuery({ node }) {
      if (SelectQueryNode.is(node) && node.from?.froms.some((from) => tableOf(from) === table)) count += 1;
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  return { db: counted, count: () => count };
}
