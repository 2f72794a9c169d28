import { describe, expect, it } from 'vitest';
import { movedIds, type SavedView, savedFilter } from './saved.ts';

const view = (id: string, filter: Partial<SavedView['filter']> = {}): SavedView =>
  ({
    id,
    name: id,
    order: 'newest',
    count: 0,
    filter: {
      status: null,
      priority: null,
      channel: null,
      assigneeId: null,
      unassigned: null,
      inMyQueues: null,
      category: null,
      tags: null,
      customerId: null,
      slaState: null,
      stale: null,
      search: null,
      ...filter,
    },
  }) as SavedView;

describe('saved views', () => {
  it('gives the API its filter without the unset fields', () => {
    expect(savedFilter(view('a', { status: ['new'], inMyQueues: true }))).toEqual({
      status: ['new'],
      inMyQueues: true,
    });
  });

  it('moves a view one place, never past either end', () => {
    const views = [view('a'), view('b'), view('c')];
    expect(movedIds(views, 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(movedIds(views, 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(movedIds(views, 'a', -1)).toBeNull();
    expect(movedIds(views, 'c', 1)).toBeNull();
    expect(movedIds(views, 'z', 1)).toBeNull();
  });
});
