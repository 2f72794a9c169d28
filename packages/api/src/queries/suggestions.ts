import { customerDecider } from '@support-engine/domain/customer';
import { localeFor } from '@support-engine/domain/notification';
import { customerActivityDecider, suggestionTexts } from '@support-engine/domain/proactive';
import type { ApiContext, ApiServices } from '../graphql/context.js';
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
 * behind a suggestion the customer was just told about). At most one is pending at a time. Its
 * subject and description are in the customer's language (their profile's, from their stream too;
 * English without one), rendered from its signals as the notification that told them was.
 */
export async function pendingSuggestions(
  services: Pick<ApiServices, 'bus'>,
  customerId: string,
): Promise<SuggestionDto[]> {
  const [{ pending }, customer] = await Promise.all([
    services.bus.fold('activity', customerId, customerActivityDecider),
    services.bus.fold('customer', customerId, customerDecider),
  ]);
  if (pending === null) return [];
  const { suggestionId, priority, signals } = pending;
  const { subject, description } = suggestionTexts(signals, localeFor(customer.profile?.language));
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
  pendingSuggestions(context.services, args.customerId),
);

/** `Customer.pendingSuggestions`: the customer query already checked who may read the customer. */
export function customerPendingSuggestions(parent: { customerId: string }, _args: unknown, context: ApiContext) {
  return pendingSuggestions(context.services, parent.customerId);
}
