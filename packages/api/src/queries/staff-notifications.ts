import { EMPTY_CONNECTION } from '@support-engine/eventstore-postgres';
import { listStaffNotifications } from '@support-engine/inbox';
import { defineQuery } from '../graphql/secure.js';

/** The calling staff member's in-app alerts, newest first (none where delivery is not wired in). */
export const staffNotifications = defineQuery<{ first?: number | null; after?: string | null }>(
  null,
  async (args, context, principal) => {
    const { delivery } = context.services.deps;
    if (delivery === undefined) return { ...EMPTY_CONNECTION, unreadCount: 0 };
    const page = await listStaffNotifications(delivery.db, principal.id, {
      first: args.first ?? undefined,
      after: args.after ?? undefined,
    });
    return { ...page, unreadCount: await context.services.inboxes.unread(principal) };
  },
);
