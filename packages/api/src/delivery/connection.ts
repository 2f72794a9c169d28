/** A page in the Relay connection form: each item with its cursor, and whether more follow. */
export interface Connection<T> {
  readonly edges: readonly { readonly cursor: string; readonly node: T }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** Turns `limit + 1` fetched rows into a connection: the extra row only proves a next page exists. */
export function toConnection<R, T>(
  rows: readonly R[],
  limit: number,
  cursor: (row: R) => string,
  node: (row: R) => T,
): Connection<T> {
  const edges = rows.slice(0, limit).map((row) => ({ cursor: cursor(row), node: node(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** An empty connection (a caller with nothing to list). */
export const EMPTY_CONNECTION: Connection<never> = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
