import type { TicketFilter } from '../inbox/views.ts';
import type { InboxViewFieldsOf } from '../queries/inboxViews.ts';

/** A saved view, the user's own (`inboxViews`) or one shared with the team (`teamInboxViews`). */
export type SavedView = InboxViewFieldsOf;

/** A saved view's filter as the API takes it again: its unset (null) fields left out. */
export function savedFilter(view: SavedView): TicketFilter {
  return Object.fromEntries(Object.entries(view.filter).filter(([, value]) => value !== null)) as TicketFilter;
}

/** The views' ids with `viewId` moved `by` places (-1 earlier, 1 later), or null when it cannot move. */
export function movedIds(views: readonly SavedView[], viewId: string, by: -1 | 1): string[] | null {
  const ids = views.map((view) => view.id);
  const from = ids.indexOf(viewId);
  const to = from + by;
  if (from === -1 || to < 0 || to >= ids.length) return null;
  [ids[from], ids[to]] = [ids[to]!, ids[from]!];
  return ids;
}
