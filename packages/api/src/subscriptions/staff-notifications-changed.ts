import { defineSubscription } from '../graphql/secure.js';

/**
 * Each change of the caller's in-app alerts (an alert saved for them, some marked read in
 * another window), with their unread count as it then stands: a desk's badge follows it.
 */
export const staffNotificationsChanged = defineSubscription<object, { readonly staffId: string }>(
  (_args, context, principal) => context.services.alerts.changesOf(principal.id),
  async (_touched, context, principal) => ({ unreadCount: await context.services.inboxes.unread(principal) }),
);
