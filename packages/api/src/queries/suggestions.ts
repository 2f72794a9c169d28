import { customerActivityDecider } from '@support-engine/domain';
import type { CommandBus } from '../commands/bus.js';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';

/** The schema's `ProactiveSuggestion`: a ticket offered to a customer, waiting for them to accept or dismiss it. */
export interface SuggestionDto {
  readonly suggestionId: string;
  readonly customerId: string;
  readonly subject: string;
  readonly description: string;
  readonly priority: string;
  readonly signals: readonly { readonly signalId: string; readonly type: string; readonly at: string }[];
}

/**
 * The customer's pending suggestions, as their activity stream holds them now (the log is never
 * behind a suggestion the customer was just told about). At most one is pending at a time.
 */
export async function pendingSuggestions(bus: CommandBus, customerId: string): Promise<SuggestionDto[]> {
  const { pending } = await bus.fold('activity', customerId, customerActivityDecider);
  if (pending === null) return [];
  const { suggestionId, subject, description, priority, signals } = pending;
  return [
    {
      suggestionId,
      customerId,
      subject,
      description,
      priority,
      signals: signals.map(({ signalId, type, at }) => ({ signalId, type, at })),
    },
  ];
}

/** A customer's pending proactive suggestions (a customer may read only their own). */
export const proactiveSuggestions = defineQuery<{ readonly customerId: string }>(null, async (args, context) =>
  pendingSuggestions(context.services.bus, args.customerId),
);

/** `Customer.pendingSuggestions`: the customer query already checked who may read the customer. */
export function customerPendingSuggestions(parent: { customerId: string }, _args: unknown, context: ApiContext) {
  return pendingSuggestions(context.services.bus, parent.customerId);
}
