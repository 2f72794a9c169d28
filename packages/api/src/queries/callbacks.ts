import type { TicketCallback } from '@support-engine/domain';
import { getCustomer, listCallbacks } from '@support-engine/projections';
import { z } from 'zod';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

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
 * `Ticket.callbacks`: each call's `phone` is the number booked with it, else the customer's
 * number on file now (the profile is read only when some call needs it).
 */
export async function ticketCallbacks(
  parent: { readonly customerId: string; readonly callbacks: readonly TicketCallback[] },
  _args: unknown,
  context: ApiContext,
): Promise<readonly TicketCallback[]> {
  if (parent.callbacks.every((callback) => callback.phone !== null)) return parent.callbacks;
  const onFile = (await getCustomer(context.services.deps.db, parent.customerId))?.phone ?? null;
  if (onFile === null) return parent.callbacks;
  return parent.callbacks.map((callback) => (callback.phone === null ? { ...callback, phone: onFile } : callback));
}
