import type { Range } from '@tanstack/svelte-virtual';

/**
 * The rows a virtualized list draws, in whole blocks of `block` rows: from the block holding the
 * first of the overscan above the view, enough whole blocks to cover the view and the overscan
 * below it. While the view moves within a block the rows drawn stay the same, so a scroll changes
 * the page (and the browser lays the table out again) once a block, a block dropped above and one
 * drawn below at once, not at every row: a table is laid out whole, whatever row changed.
 */
export function blockRange({ startIndex, endIndex, overscan, count }: Range, block: number): number[] {
  if (count === 0) return [];
  const first = Math.max(0, Math.floor((startIndex - overscan) / block) * block);
  // One block more than the view and the overscans need: the first may start up to a block early.
  const span = Math.ceil((endIndex - startIndex + 1 + 2 * overscan) / block) * block + block;
  const last = Math.min(count - 1, first + span - 1);
  return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
}
