import type { StaffEvent } from '@support-engine/domain/staff';
import { sql } from 'kysely';
import type { ProjectedEvent } from '../../events.js';
import type { Projection, ReadModelTransaction } from '../../projection.js';

/** The staff stream's events this read model applies: the saved inbox views. */
export const STAFF_VIEW_EVENT_TYPES = [
  'InboxViewSaved',
  'InboxViewRenamed',
  'InboxViewsReordered',
  'InboxViewDeleted',
] as const satisfies readonly StaffEvent['type'][];

type ViewEvent = Extract<StaffEvent, { type: (typeof STAFF_VIEW_EVENT_TYPES)[number] }>;
type ProfileEvent = Extract<StaffEvent, { type: 'StaffProfileSet' }>;

/** Options of {@link createStaffProjection}. */
export interface StaffProjectionOptions {
  /** Checkpoint and lock name; `staff` by default. */
  readonly name?: string;
}

/**
 * The `staff` read model: each staff member's name as their profile gives it (`staff_members`:
 * supervisors and admins are named as agents are), and their saved inbox views
 * (`staff_inbox_views`), in their order, those shared with the team marked. Each event is a row or two: a view saved is placed last (or kept in its place when it
 * replaces one), a reorder rewrites the positions, a delete closes the gap.
 */
export function createStaffProjection(options: StaffProjectionOptions = {}): Projection {
  return {
    name: options.name ?? 'staff',
    eventTypes: new Set([...STAFF_VIEW_EVENT_TYPES, 'StaffProfileSet']),
    tables: ['staff_inbox_views', 'staff_members'],
    apply: (trx, event) =>
      event.type === 'StaffProfileSet'
        ? applyProfile(trx, event as ProjectedEvent<ProfileEvent>)
        : applyViewEvent(trx, event as ProjectedEvent<ViewEvent>),
  };
}

async function applyProfile(trx: ReadModelTransaction, event: ProjectedEvent<ProfileEvent>): Promise<void> {
  const { staffId, name, at } = event.data;
  await trx
    .insertInto('staff_members')
    .values({ staff_id: staffId, name, updated_at: at })
    .onConflict((conflict) => conflict.column('staff_id').doUpdateSet({ name, updated_at: at }))
    .execute();
}

async function applyViewEvent(trx: ReadModelTransaction, event: ProjectedEvent<ViewEvent>): Promise<void> {
  const { staffId } = event.data;
  const at = event.data.at;
  const ofStaff = trx.updateTable('staff_inbox_views').where('staff_id', '=', staffId);
  switch (event.type) {
    case 'InboxViewSaved': {
      const { viewId, name, filter, order } = event.data;
      const shared = event.data.shared ?? false;
      const { last } = await trx
        .selectFrom('staff_inbox_views')
        .select(sql<number>`coalesce(max(position), -1)`.as('last'))
        .where('staff_id', '=', staffId)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('staff_inbox_views')
        .values({
          staff_id: staffId,
          view_id: viewId,
          position: last + 1,
          name,
          filter: JSON.stringify(filter),
          sort: order,
          shared,
          updated_at: at,
        })
        .onConflict((conflict) =>
          conflict.columns(['staff_id', 'view_id']).doUpdateSet({
            name,
            filter: JSON.stringify(filter),
            sort: order,
            shared,
            updated_at: at,
          }),
        )
        .execute();
      return;
    }
    case 'InboxViewRenamed':
      await ofStaff.set({ name: event.data.name, updated_at: at }).where('view_id', '=', event.data.viewId).execute();
      return;
    case 'InboxViewsReordered':
      for (const [position, viewId] of event.data.viewIds.entries())
        await ofStaff.set({ position, updated_at: at }).where('view_id', '=', viewId).execute();
      return;
    case 'InboxViewDeleted': {
      const gone = await trx
        .deleteFrom('staff_inbox_views')
        .where('staff_id', '=', staffId)
        .where('view_id', '=', event.data.viewId)
        .returning('position')
        .executeTakeFirst();
      if (gone) await ofStaff.set({ position: sql`position - 1` }).where('position', '>', gone.position).execute();
      return;
    }
  }
}
