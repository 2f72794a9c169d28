import { listCustomerNotifications } from '@support-engine/inbox';
import { defineQuery } from '../graphql/secure.js';

/** The calling customer's in-app inbox, newest first. */
export const myNotifications = defineQuery<{ first?: number | null; after?: string | null }>(
  'tickets',
  async (args, context, principal) => {
    const page = await listCustomerNotifications(context.services.deps.db, principal.id, {
      first: args.first ?? undefined,
      after: args.after ?? undefined,
    });
    return {
      items: page.items.map((item) => ({ ...item, id: item.notificationId })),
      nextCursor: page.nextCursor,
      unreadCount: await context.services.inboxes.unread(principal),
    };
  },
);
