import { CURSOR_PREFIX } from '@support-engine/eventstore-postgres';
import {
  type CustomerView,
  getCustomer,
  getCustomers,
  listChats,
  listTickets,
  searchCustomers,
} from '@support-engine/projections';
import { z } from 'zod';
import { seesInternal } from '../auth/visibility.js';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { chatFromView } from './chats.js';
import { requestLoader } from './request-loaders.js';
import { ticketFromView } from './ticket-dto.js';

/** One customer's profile; a customer may read only their own (the policy table checks it). */
export const customer = defineQuery<{ readonly id: string }>('tickets', async (args, context) =>
  getCustomer(context.services.deps.db, args.id),
);

/**
 * `Ticket.customer`, `Chat.customer` and `QueueEntry.customer`: the profile of whom it is about, null before they have
 * one. Whoever may read the ticket or chat may read its customer (the policy table's `customer`
 * row: its owner, staff, auditors, the system); a page's profiles are read together, in one query.
 */
export async function customerOf(
  parent: { readonly customerId: string },
  _args: unknown,
  context: ApiContext,
): Promise<CustomerView | null> {
  const profile = await requestLoader<CustomerView | null>(context, 'customers', async (customerIds) => {
    const profiles = await getCustomers(context.services.deps.db, customerIds);
    return customerIds.map((id) => profiles.get(id) ?? null);
  }).load(parent.customerId);
  return profile;
}

/** `ArticleVote.reader`: the voter's profile (staff read feedback); null for a visitor, whose id names no customer. */
export function voteReader(vote: { readonly readerId: string }, args: unknown, context: ApiContext) {
  return customerOf({ customerId: vote.readerId }, args, context);
}

const SearchArgs = z.object({ search: z.string().trim().min(1).max(320), first: z.int().min(1).max(100).nullish() });

/** Customers whose name, email or id contains the text (staff only). */
export const customers = defineQuery<z.input<typeof SearchArgs>>('tickets', async (args, context) => {
  const { search, first } = parseInput(SearchArgs, args);
  return searchCustomers(context.services.deps.db, { text: search, first: first ?? undefined });
});

const PageArgs = z.object({ first: z.int().min(1).max(100).nullish(), after: z.string().max(200).nullish() });

/** `Customer.tickets`: theirs, newest first, a page at a time (internal notes' text unseen by customers). */
export async function customerTickets(parent: CustomerView, args: z.input<typeof PageArgs>, context: ApiContext) {
  const { first, after } = parseInput(PageArgs, args);
  const page = await listTickets(context.services.deps.db, {
    customerId: parent.customerId,
    includeInternal: context.principal !== null && seesInternal(context.principal),
    first: first ?? undefined,
    after: after ?? undefined,
    cursorPrefix: CURSOR_PREFIX.customerTickets,
  });
  return { items: page.items.map((view) => ticketFromView(view)), nextCursor: page.nextCursor };
}

/** `Customer.chats`: theirs, oldest first. */
export async function customerChats(parent: CustomerView, _args: unknown, context: ApiContext) {
  return (await listChats(context.services.deps.db, { customerId: parent.customerId })).map((view) =>
    chatFromView(view),
  );
}
