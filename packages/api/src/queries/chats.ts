import { chatQueue, getChat, type QueueEntry } from '@support-engine/projections';
import type { Principal } from '../auth/tokens.js';
import { defineQuery } from '../graphql/secure.js';
import { seesInternal } from './tickets.js';

/** The queue as the caller may see it: customers only their own place in it. */
export function visibleQueue(entries: readonly QueueEntry[], principal: Principal): QueueEntry[] {
  return principal.role === 'customer' ? entries.filter((entry) => entry.customerId === principal.id) : [...entries];
}

/** One chat with its transcript (staff-only messages left out for customers). */
export const chat = defineQuery<{ id: string }>('chats', async (args, context, principal) => {
  const detail = await getChat(context.services.deps.db, args.id, { includeInternal: seesInternal(principal) });
  return detail && { ...detail.chat, id: detail.chat.chatId, messages: detail.messages };
});

/** The live queue with positions and estimated waits. */
export const chatQueueQuery = defineQuery<object>('chats', async (_args, context, principal) =>
  visibleQueue(await chatQueue(context.services.deps.db), principal),
);
