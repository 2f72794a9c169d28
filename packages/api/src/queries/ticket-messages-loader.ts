import { type MessageOptions, type TicketMessageView, ticketMessagesOf } from '@support-engine/projections';
import type { ApiContext } from '../graphql/context.js';
import { requestLoader } from './request-loaders.js';

/**
 * The messages of the tickets a request resolves, loaded together: a list page's `messages`
 * fields become one query, not one per ticket. One loader per request and per view (a
 * customer's leave internal notes out), so nothing is shared between callers.
 */
export function ticketMessagesLoader(
  context: ApiContext,
  options: Required<Pick<MessageOptions, 'includeInternal' | 'first'>>,
) {
  return requestLoader<TicketMessageView[]>(
    context,
    `messages:${options.includeInternal}:${options.first}`,
    async (ticketIds) => {
      const found = await ticketMessagesOf(context.services.deps.db, ticketIds, options);
      return ticketIds.map((id) => found.get(id) ?? []);
    },
  );
}
