import type { InboxViewFilter, InboxViewOrder } from '@support-engine/domain/staff';
import type { Kysely } from 'kysely';
import type { ReadModelTables } from '../schema.js';

/** A saved inbox view as the `staff` read model holds it. */
export interface SavedInboxView {
  readonly viewId: string;
  readonly name: string;
  readonly filter: InboxViewFilter;
  readonly order: InboxViewOrder;
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
  return rows.map((row) => ({
    viewId: row.view_id,
    name: row.name,
    filter: row.filter as InboxViewFilter,
    order: row.sort as InboxViewOrder,
    position: row.position,
    updatedAt: row.updated_at,
  }));
}
