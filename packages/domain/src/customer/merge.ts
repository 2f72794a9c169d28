import type { Id } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError, invalidField } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import type { CustomerEvent } from './events.js';
import type { CustomerState } from './state.js';

type MergeData = { readonly customerId: Id; readonly into: Id; readonly reason: string };

/**
 * Merges a registered customer into `into` (docs/domain.md#merging-customers): the engine's own
 * decision (system actors only), when a widget visitor identifies as `into`. A merge is for good
 * and into one customer: merging again into the same one yields nothing (a retried or racing
 * merge), into another is `CUSTOMER_MERGED`, into itself `VALIDATION_FAILED`. The customer's
 * chats and tickets move on their own streams (`ChatCustomerChanged`, `TicketCustomerChanged`).
 */
export function mergeCustomer(state: CustomerState, data: MergeData, context: CommandContext): CustomerEvent[] {
  const { customerId, into, reason } = data;
  if (context.actor.role !== 'system')
    throw new DomainError('FORBIDDEN', `${context.actor.role} ${context.actor.id} may not merge customers`, {
      role: context.actor.role,
    });
  if (into === customerId) throw invalidField('into', `Customer ${customerId} cannot be merged into itself`);
  if (state.profile === null)
    throw new DomainError('NOT_FOUND', `Customer ${customerId} is not registered`, { customerId });
  if (state.mergedInto === into) return [];
  requireNotMerged(state, customerId);
  return [{ type: 'CustomerMerged', data: { customerId, into, ...provenance(context, reason) } }];
}

/**
 * Refuses a merge into `intoId` unless that customer is registered (`NOT_FOUND`) and a customer of
 * their own (`CUSTOMER_MERGED`): merges never chain nor loop, so every chat and ticket ends with a
 * customer who is not merged. Read from the target's stream before merging into it.
 */
export function requireMergeTarget(into: CustomerState, intoId: Id): void {
  if (into.profile === null) throw new DomainError('NOT_FOUND', `Customer ${intoId} is not registered`, { intoId });
  requireNotMerged(into, intoId);
}

/**
 * Refuses what a merged customer may no longer start (a chat, a push subscription, a widget
 * session) with `CUSTOMER_MERGED`, naming the customer it lives on as.
 */
export function requireNotMerged(state: CustomerState, customerId: Id): void {
  if (state.mergedInto === null) return;
  throw new DomainError('CUSTOMER_MERGED', `Customer ${customerId} was merged into ${state.mergedInto}`, {
    customerId,
    mergedInto: state.mergedInto,
  });
}

/**
 * The chats a customer's stream says they started (every start takes a slot there first, staff's
 * and the system's too), oldest first: what a merge moves, whatever the read models have seen
 * yet. A reservation whose chat never started names a chat stream with no session.
 */
export const chatsOfCustomer = {
  initialState: [] as readonly Id[],
  evolve(chats: readonly Id[], event: CustomerEvent): readonly Id[] {
    if (event.type !== 'CustomerChatSlotReserved' || chats.includes(event.data.chatId)) return chats;
    return [...chats, event.data.chatId];
  },
};
