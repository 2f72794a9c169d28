/**
 * Splits rows into slices small enough for one multi-row statement: PostgreSQL accepts at most
 * 65,535 bind parameters, so the slice size follows from the column count.
 */
export function chunksFor<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(60_000 / columns));
  const slices: T[][] = [];
  for (let start = 0; start < rows.length; start += size) slices.push(rows.slice(start, start + size));
  return slices;
}
