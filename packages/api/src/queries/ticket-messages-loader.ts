import { type MessageOptions, type TicketMessageView, ticketMessagesOf } from '@support-engine/projections';
import DataLoader from 'dataloader';
import type { ApiContext } from '../graphql/context.js';

/** Each request's loaders, by the messages they load (who sees internal notes, how many). */
const loaders = new WeakMap<ApiContext, Map<string, DataLoader<string, TicketMessageView[]>>>();

/**
 * The messages of the tickets a request resolves, loaded together: a list page's `messages`
 * fields become one query, not one per ticket. One loader per request (its results are that
 * caller's: a customer's leave internal notes out), so nothing is shared between callers.
 */
export function ticketMessagesLoader(context: ApiContext, options: Required<MessageOptions>) {
  let byOptions = loaders.get(context);
  if (byOptions === undefined) {
    byOptions = new Map();
    loaders.set(context, byOptions);
  }
  const key = `${options.includeInternal}:${options.first}`;
  let loader = byOptions.get(key);
  if (loader === undefined) {
    loader = new DataLoader(async (ticketIds: readonly string[]) => {
      const found = await ticketMessagesOf(context.services.deps.db, ticketIds, options);
      return ticketIds.map((id) => found.get(id) ?? []);
    });
    byOptions.set(key, loader);
  }
  return loader;
}
