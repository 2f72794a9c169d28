import { type SavedInboxView, savedInboxViews } from '@support-engine/projections';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { ticketCountFor } from './tickets.js';

/** The caller's saved inbox views, in their order (the `staff` read model; counts from `tickets`). */
export const inboxViews = defineQuery<object>(['staff', 'tickets'], async (_args, context, principal) =>
  (await savedInboxViews(context.services.deps.db, principal.id)).map((view) => ({ ...view, id: view.viewId })),
);

/** `InboxView.count`: what `ticketCount` gives for the view's filter, for its owner (the caller). */
export function inboxViewCount(parent: SavedInboxView, _args: unknown, context: ApiContext): Promise<number> {
  // Only the owner reads their views (`inboxViews` answers the caller's own), so the caller is signed in.
  return ticketCountFor(parent.filter, context, context.principal!);
}
