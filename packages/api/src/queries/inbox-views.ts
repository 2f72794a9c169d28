import { type SavedInboxView, savedInboxViews, sharedInboxViews } from '@support-engine/projections';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { ticketCountFor } from './tickets.js';

/** The caller's saved inbox views, in their order (the `staff` read model; counts from `tickets`). */
export const inboxViews = defineQuery<object>(['staff', 'tickets'], async (_args, context, principal) =>
  (await savedInboxViews(context.services.deps.db, principal.id)).map((view) => ({ ...view, id: view.viewId })),
);

/**
 * The views shared with the team, by name, the caller's own left out (`inboxViews` lists them);
 * one asking for `inMyQueues` only to agents, the only ones with queues (the ticket list refuses
 * that filter to anyone else).
 */
export const teamInboxViews = defineQuery<object>(['staff', 'tickets'], async (_args, context, principal) =>
  (await sharedInboxViews(context.services.deps.db, { exceptOwner: principal.id }))
    .filter((view) => principal.role === 'agent' || view.filter.inMyQueues !== true)
    .map((view) => ({ ...view, id: view.viewId })),
);

/** `InboxView.count`: what `ticketCount` gives for the view's filter, for the caller (its owner, or a teammate reading a shared one). */
export function inboxViewCount(parent: SavedInboxView, _args: unknown, context: ApiContext): Promise<number> {
  // Both lists answer signed-in staff only, so the caller is signed in.
  return ticketCountFor(parent.filter, context, context.principal!);
}
