import { defineSubscription } from '../graphql/secure.js';
import type { RelayedSignal } from '../signals/chat-signals.js';
import { requireExisting } from './existing.js';

/**
 * The live signals of one chat's other participants (typing, stopped typing, read up to a
 * message), from every API process; never the subscriber's own, and customers are not told of
 * reads of staff-only messages.
 */
export const chatActivity = defineSubscription<{ chatId: string }, RelayedSignal>(
  async (args, context, principal) => {
    await requireExisting('chat', args.chatId, context, principal);
    return context.services.signals.activity(args.chatId, principal);
  },
  (signal) => signal,
);
