import { streamId } from '@support-engine/domain';
import { getTicket, listTickets, streamHistory, ticketAsOf, ticketStatusCounts } from '@support-engine/projections';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import {
  messagesFromHistory,
  type TicketDto,
  type TicketMessageDto,
  ticketFromState,
  ticketFromView,
} from './ticket-dto.js';

/** Customers never see internal notes: not in messages, not even as search matches. */
export const seesInternal = (principal: Principal) => principal.role !== 'customer';

interface TicketArgs {
  readonly id: string;
  readonly asOf?: Date | null;
}

interface TicketsArgs {
  readonly filter?: {
    readonly status?: string[] | null;
    readonly priority?: string[] | null;
    readonly assigneeId?: string | null;
    readonly unassigned?: boolean | null;
    readonly customerId?: string | null;
    readonly category?: string | null;
    readonly search?: string | null;
  } | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** The longest search, in characters and in words, a ticket list accepts. */
export const SEARCH_LIMITS = { characters: 500, words: 32 } as const;

// PostgreSQL evaluates a web-search query as a tree as deep as it has terms: thousands of words
// exhaust its stack. A search of a few words is what people type; anything longer is refused.
const Search = z
  .string()
  .max(SEARCH_LIMITS.characters)
  .refine(
    (text) => text.split(/\s+/).filter(Boolean).length <= SEARCH_LIMITS.words,
    `at most ${SEARCH_LIMITS.words} words`,
  );
const ListArgs = z.object({ filter: z.object({ search: Search.optional() }).loose().optional() }).loose();

/** The current ticket from the read model, or the ticket as it was at `asOf` from its events. */
export const ticket = defineQuery<TicketArgs>(
  'tickets',
  async (args, context, principal): Promise<TicketDto | null> => {
    const { store, db } = context.services.deps;
    const includeInternal = seesInternal(principal);
    if (args.asOf) {
      const state = await ticketAsOf(store, args.id, args.asOf);
      if (state === null) return null;
      const asOf = args.asOf;
      const history = (await streamHistory(store, streamId('ticket', args.id))).filter(
        (entry) => entry.recordedAt <= asOf,
      );
      return ticketFromState(state, asOf, messagesFromHistory(history, includeInternal));
    }
    const detail = await getTicket(db, args.id, { includeInternal });
    return detail && ticketFromView(detail.ticket, detail.messages);
  },
);

/** A page of tickets; customers get only their own, whatever filter they send. */
export const tickets = defineQuery<TicketsArgs>('tickets', async (args, context, principal) => {
  parseInput(ListArgs, args);
  const filter = args.filter ?? {};
  const assigneeId = filter.assigneeId ?? (filter.unassigned ? null : undefined);
  const page = await listTickets(context.services.deps.db, {
    status: filter.status ?? undefined,
    priority: filter.priority ?? undefined,
    assigneeId,
    customerId: principal.role === 'customer' ? principal.id : (filter.customerId ?? undefined),
    category: filter.category ?? undefined,
    search: filter.search ?? undefined,
    includeInternal: seesInternal(principal),
    first: args.first ?? undefined,
    after: args.after ?? undefined,
  });
  return { items: page.items.map((view) => ticketFromView(view)), nextCursor: page.nextCursor };
});

/** Tickets per status and in total. */
export const ticketStatusCountsQuery = defineQuery<object>('tickets', async (_args, context) => {
  const counts = await ticketStatusCounts(context.services.deps.db);
  return {
    total: counts.total,
    new: counts.new,
    inProgress: counts.in_progress,
    waitingCustomer: counts.waiting_customer,
    resolved: counts.resolved,
    closed: counts.closed,
  };
});

/** `Ticket.messages`: preloaded by the query, or loaded for tickets from a list. */
export async function ticketMessages(
  parent: TicketDto,
  _args: unknown,
  context: ApiContext,
): Promise<readonly TicketMessageDto[]> {
  if (parent.messages) return parent.messages;
  const principal = context.principal;
  const detail = await getTicket(context.services.deps.db, parent.id, {
    includeInternal: principal !== null && seesInternal(principal),
  });
  return detail?.messages ?? [];
}
