import {
  type ContactOnFile,
  callbackAsRead,
  callbackReadsProfile,
  type TicketCallback,
} from '@support-engine/domain/ticket';
import { contactsOnFile, listCallbacks } from '@support-engine/projections';
import { z } from 'zod';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { requestLoader } from './request-loaders.js';
import { forCustomer } from './tickets.js';

const CallbacksArgs = z.object({
  status: z
    .array(z.enum(['scheduled', 'due', 'completed', 'cancelled', 'missed']))
    .max(5)
    .nullish(),
  assigneeId: z.string().min(1).max(128).nullish(),
  first: z.int().min(1).max(200).nullish(),
});

/** The calls owed to customers, soonest first: open ones unless `status` says otherwise. */
export const callbacksQuery = defineQuery<z.input<typeof CallbacksArgs>>('tickets', async (args, context) => {
  const { status, assigneeId, first } = parseInput(CallbacksArgs, args);
  return listCallbacks(context.services.deps.db, {
    statuses: status ?? undefined,
    assigneeId: assigneeId ?? undefined,
    first: first ?? undefined,
  });
});

/**
 * `Callback.outcome`: the note staff recorded of the call, the team's own (as an internal note is):
 * null for a customer.
 */
export function visibleOutcome(
  parent: { readonly outcome: string | null },
  _args: unknown,
  context: ApiContext,
): string | null {
  return forCustomer(context) ? null : parent.outcome;
}

/**
 * `Ticket.callbacks`, as read with the customer's profile now (`callbackAsRead`): a call booked
 * without a number shows the number on file, a critical incident's own call the customer's zone.
 * The profile is read only when some call needs it, for all the request's tickets at once.
 */
export async function ticketCallbacks(
  parent: { readonly customerId: string; readonly callbacks: readonly TicketCallback[] },
  _args: unknown,
  context: ApiContext,
): Promise<readonly TicketCallback[]> {
  if (!parent.callbacks.some(callbackReadsProfile)) return parent.callbacks;
  const onFile = await requestLoader<ContactOnFile | undefined>(context, 'contacts-on-file', async (customerIds) => {
    const contacts = await contactsOnFile(context.services.deps.db, customerIds);
    return customerIds.map((id) => contacts.get(id));
  }).load(parent.customerId);
  return parent.callbacks.map((callback) => callbackAsRead(callback, onFile));
}
