/**
 * The list position a key moves to: `j` the next row, `k` the previous one (staying within the
 * list's `length` rows); `null` for any other key, or an empty list.
 */
export function moveSelection(selected: number, length: number, key: string): number | null {
  if (length === 0) return null;
  if (key === 'j') return Math.min(selected + 1, length - 1);
  if (key === 'k') return Math.max(selected - 1, 0);
  return null;
}
