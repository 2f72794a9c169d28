/**
 * The inbox's rows once the next keyset page came: those shown, the very same objects (so the
 * rows already drawn keep their identity and are not drawn again), then the page's tickets not
 * shown yet (one that moved within the order while the user scrolled may come again: shown once).
 */
export function appendPage<Row extends { readonly id: string }>(rows: readonly Row[], page: readonly Row[]): Row[] {
  const shown = new Set(rows.map((row) => row.id));
  return [...rows, ...page.filter((row) => !shown.has(row.id))];
}
