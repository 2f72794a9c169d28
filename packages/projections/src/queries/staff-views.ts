import type { InboxViewFilter, InboxViewOrder } from '@support-engine/domain/staff';
import type { Kysely, Selectable } from 'kysely';
import type { ReadModelTables, StaffInboxViewsTable } from '../schema.js';

/** A saved inbox view as the `staff` read model holds it. */
export interface SavedInboxView {
  readonly viewId: string;
  readonly name: string;
  readonly filter: InboxViewFilter;
  readonly order: InboxViewOrder;
  /** Offered to the whole team too. */
  readonly shared: boolean;
  /** The staff member who saved it (only they change it). */
  readonly ownerId: string;
  readonly position: number;
  readonly updatedAt: Date;
}

/** A staff member's saved inbox views, in their order. */
export async function savedInboxViews(db: Kysely<ReadModelTables>, staffId: string): Promise<SavedInboxView[]> {
  const rows = await db
    .selectFrom('staff_inbox_views')
    .selectAll()
    .where('staff_id', '=', staffId)
    .orderBy('position')
    .orderBy('view_id')
    .execute();
  return rows.map(savedView);
}

/**
 * The views shared with the team, by name (then id: two leads may share one name), at most
 * `limit`; those of `exceptOwner` left out (they are in that staff member's own list).
 */
export async function sharedInboxViews(
  db: Kysely<ReadModelTables>,
  options: { readonly exceptOwner?: string; readonly limit?: number } = {},
): Promise<SavedInboxView[]> {
  let query = db.selectFrom('staff_inbox_views').selectAll().where('shared', '=', true);
  if (options.exceptOwner !== undefined) query = query.where('staff_id', '<>', options.exceptOwner);
  const rows = await query
    .orderBy('name')
    .orderBy('view_id')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(savedView);
}

function savedView(row: Selectable<StaffInboxViewsTable>): SavedInboxView {
  return {
    viewId: row.view_id,
    name: row.name,
    filter: row.filter as InboxViewFilter,
    order: row.sort as InboxViewOrder,
    shared: row.shared,
    ownerId: row.staff_id,
    position: row.position,
    updatedAt: row.updated_at,
  };
}
