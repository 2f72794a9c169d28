import { describe, expect, it } from 'vitest';
import { appendPage } from './pages.ts';

describe('appendPage', () => {
  it('keeps the rows shown, the same objects, and adds the page after them', () => {
    const shown = [{ id: 'a' }, { id: 'b' }];
    const next = [{ id: 'c' }, { id: 'd' }];
    const rows = appendPage(shown, next);
    expect(rows.map((row) => row.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(rows[0]).toBe(shown[0]);
    expect(rows[1]).toBe(shown[1]);
    expect(rows[2]).toBe(next[0]);
  });

  it('shows once a ticket the next page brings again (it moved within the order)', () => {
    const shown = [
      { id: 'a', status: 'new' },
      { id: 'b', status: 'new' },
    ];
    const rows = appendPage(shown, [
      { id: 'b', status: 'in_progress' },
      { id: 'c', status: 'new' },
    ]);
    expect(rows.map((row) => row.id)).toEqual(['a', 'b', 'c']);
    expect(rows[1]).toBe(shown[1]);
  });
});
