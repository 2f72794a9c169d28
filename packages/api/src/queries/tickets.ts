import { streamId } from '@support-engine/domain';
import { isDiscardClose, MAX_TAGS_PER_TICKET, staleBounds, Tag } from '@support-engine/domain/ticket';
import {
  countTickets,
  fromTheEnd,
  getTicket,
  listTickets,
  MAX_MESSAGES,
  ReplayLimitError,
  type StatusCounts,
  streamHistory,
  type TicketFilter,
  type TicketListFilter,
  type TicketMatch,
  ticketAsOf,
  ticketListFilters,
  ticketMessagesOf,
  ticketStatusCounts,
  ticketTagCounts,
} from '@support-engine/projections';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import { seesInternal } from '../auth/visibility.js';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { readAsOf } from './as-of.js';
import { checkedPage, MessagesArgs, pageOf } from './message-pages.js';
import { myQueueKeys } from './my-queues.js';
import { onceProjected } from './once-projected.js';
import {
  messagesFromHistory,
  type TicketDto,
  type TicketMessageDto,
  ticketFromState,
  ticketFromView,
} from './ticket-dto.js';
import { ticketMessagesLoader } from './ticket-messages-loader.js';

/** The message counts of a ticket or chat (`null` for a past ticket, which has no read-model facts). */
interface MessageCounts {
  readonly messageCount: number | null;
  readonly publicMessageCount: number | null;
}

/**
 * `Ticket.messageCount` and `Chat.messageCount`: the messages the caller can see, so a customer's
 * count leaves out the internal notes its `messages` leave out; staff get every message.
 */
export function visibleMessageCount(parent: MessageCounts, _args: unknown, context: ApiContext): number | null {
  const { principal } = context;
  return principal !== null && seesInternal(principal) ? parent.messageCount : parent.publicMessageCount;
}

/** Whether a field is resolved for a customer (or nobody signed in): the team's own facts stay hidden. */
export function forCustomer(context: ApiContext): boolean {
  return context.principal === null || context.principal.role === 'customer';
}

/**
 * `Ticket.closeReason`: customers never learn that their ticket was thrown away as spam or invalid
 * (a spammer learns nothing); they see it closed, with no reason. Staff see every reason.
 */
export function visibleCloseReason(
  parent: { readonly closeReason: string | null },
  _args: unknown,
  context: ApiContext,
): string | null {
  return forCustomer(context) && isDiscardClose(parent.closeReason) ? null : parent.closeReason;
}

/**
 * `Ticket.followUpRequested` and `Chat.followUpRequested`: the supervisors' work item a low rating
 * opened, which the customer who rated is not shown (false for them; null stays null in a past view).
 */
export function visibleFollowUp(
  parent: { readonly followUpRequested: boolean | null },
  _args: unknown,
  context: ApiContext,
): boolean | null {
  return forCustomer(context) && parent.followUpRequested !== null ? false : parent.followUpRequested;
}

interface TicketArgs {
  readonly id: string;
  readonly asOf?: Date | null;
}

/** The schema's `TicketFilter`, as GraphQL passes it (an unset field null or absent). */
export type TicketFilterInput = { readonly [F in TicketListFilter]?: readonly string[] | null } & {
  readonly assigneeId?: string | null;
  readonly unassigned?: boolean | null;
  readonly inMyQueues?: boolean | null;
  readonly customerId?: string | null;
  readonly category?: string | null;
  readonly plan?: string | null;
  readonly tags?: readonly string[] | null;
  readonly inStatusForMoreThan?: number | null;
  readonly updatedSince?: Date | null;
  readonly search?: string | null;
  readonly slaState?: readonly string[] | null;
  readonly stale?: boolean | null;
};

interface TicketsArgs {
  readonly filter?: TicketFilterInput | null;
  readonly order?: 'newest' | 'longest_in_status' | 'sla_deadline' | 'updated' | 'priority' | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** The longest search, in characters and in words, a ticket list accepts. */
export const SEARCH_LIMITS = { characters: 500, words: 32 } as const;

/**
 * A full-text search as typed (web-search syntax). PostgreSQL evaluates a web-search query as a
 * tree as deep as it has terms: thousands of words exhaust its stack. A search of a few words is
 * what people type; anything longer is refused.
 */
export const SearchText = z
  .string()
  .max(SEARCH_LIMITS.characters)
  .refine(
    (text) => text.split(/\s+/).filter(Boolean).length <= SEARCH_LIMITS.words,
    `at most ${SEARCH_LIMITS.words} words`,
  );
/** A list's tags to carry, normalized as the domain's `Tag` does. */
export const FilterTags = z.array(Tag).max(MAX_TAGS_PER_TICKET);
/** `inStatusForMoreThan`, in seconds: ten years at most (any longer means every ticket, and the instant would leave the calendar). */
export const InStatusForMoreThan = z.int().min(0).max(315_360_000);
const ListArgs = z
  .object({
    filter: z
      .object({
        search: SearchText.optional(),
        tags: FilterTags.nullish(),
        inStatusForMoreThan: InStatusForMoreThan.nullish(),
      })
      .loose()
      .optional(),
  })
  .loose();

/**
 * The current ticket from the read model (once it holds the ticket, when the log does:
 * {@link onceProjected}), or the ticket as it was at `asOf`: from its latest
 * snapshot then and the events after it, within the request's replay budget. A past ticket's
 * messages are read only if asked for (see {@link ticketMessages}).
 */
export const ticket = defineQuery<TicketArgs>(
  'tickets',
  async (args, context, principal): Promise<TicketDto | null> => {
    const { store, db } = context.services.deps;
    if (args.asOf) {
      const { past, instant } = await readAsOf(context, args.asOf, (at, maxEvents) =>
        ticketAsOf(store, args.id, at, { snapshots: db, maxEvents }),
      );
      return past.state && ticketFromState(past.state, instant);
    }
    return onceProjected('ticket', args.id, context, async () => {
      const detail = await getTicket(db, args.id, { includeInternal: seesInternal(principal) });
      return detail && ticketFromView(detail.ticket, detail.messages);
    });
  },
);

/**
 * The tickets a caller's filter keeps, as `listTickets` and `countTickets` take them: customers get
 * only their own, whatever filter they send.
 */
async function callersMatch(
  args: Pick<TicketsArgs, 'filter'>,
  context: ApiContext,
  principal: Principal,
): Promise<TicketMatch> {
  const parsed = parseInput(ListArgs, args);
  const filter = args.filter ?? {};
  // Tags are the team's triage labels, and SLA clocks the team's targets: a customer sees neither,
  // so cannot filter or order by them either (both are ignored, as unseen fields would be).
  const customer = principal.role === 'customer';
  const { inStatusForMoreThan } = parsed.filter ?? {};
  // The caller's queues are the domain's answer for each tier and skill waiting (`myQueueKeys`).
  const queues = filter.inMyQueues ? await myQueueKeys(context.services.deps.db, principal) : undefined;
  return {
    ...ticketFilterOf({ ...filter, inStatusForMoreThan }, context.services.deps.clock()),
    customerId: customer ? principal.id : (filter.customerId ?? undefined),
    tags: customer ? undefined : (parsed.filter?.tags ?? undefined),
    slaState: customer ? undefined : (filter.slaState ?? undefined),
    includeInternal: seesInternal(principal),
    ...(queues && { assigneeId: null, queues }),
  };
}

/** A page of tickets; customers get only their own, whatever filter they send. */
export const tickets = defineQuery<TicketsArgs>('tickets', async (args, context, principal) => {
  const order = principal.role === 'customer' && args.order === 'sla_deadline' ? undefined : (args.order ?? undefined);
  const page = await listTickets(context.services.deps.db, {
    ...(await callersMatch(args, context, principal)),
    order,
    first: args.first ?? undefined,
    after: args.after ?? undefined,
  });
  return { items: page.items.map((view) => ticketFromView(view)), nextCursor: page.nextCursor };
});

/** How many tickets `tickets` would list under `filter` for the caller. */
export async function ticketCountFor(
  filter: TicketFilterInput,
  context: ApiContext,
  principal: Principal,
): Promise<number> {
  return countTickets(context.services.deps.db, await callersMatch({ filter }, context, principal));
}

/** How many tickets `tickets` would list under the filter (a saved view's count). */
export const ticketCountQuery = defineQuery<Pick<TicketsArgs, 'filter'>>('tickets', async (args, context, principal) =>
  ticketCountFor(args.filter ?? {}, context, principal),
);

/**
 * A `TicketFilter` as `listTickets` takes it, every field as sent (`now`: when the request is
 * served, which `inStatusForMoreThan` counts back from). The ticket list narrows it for customers;
 * the tickets export takes it as it is.
 */
export function ticketFilterOf(filter: TicketFilterInput, now: Date): TicketFilter {
  const seconds = filter.inStatusForMoreThan;
  return {
    ...ticketListFilters(filter),
    assigneeId: filter.assigneeId ?? (filter.unassigned ? null : undefined),
    customerId: filter.customerId ?? undefined,
    category: filter.category ?? undefined,
    plan: filter.plan ?? undefined,
    tags: filter.tags ?? undefined,
    slaState: filter.slaState ?? undefined,
    statusSinceBefore: seconds == null ? undefined : new Date(now.getTime() - seconds * 1000),
    stale: filter.stale
      ? staleBounds(now.toISOString()).map(({ status, since }) => ({ status, since: new Date(since) }))
      : undefined,
    updatedSince: filter.updatedSince ?? undefined,
    search: filter.search ?? undefined,
  };
}

/** The schema's `StatusCounts`. */
export function statusCountsDto(counts: StatusCounts) {
  return {
    total: counts.total,
    new: counts.new,
    inProgress: counts.in_progress,
    waitingCustomer: counts.waiting_customer,
    resolved: counts.resolved,
    closed: counts.closed,
  };
}

/** Tickets per status and in total. */
export const ticketStatusCountsQuery = defineQuery<object>('tickets', async (_args, context) =>
  statusCountsDto(await ticketStatusCounts(context.services.deps.db)),
);

const TagCountsArgs = z.object({
  status: z.array(z.string()).nullish(),
  first: z.int().min(1).max(500).nullish(),
});

/** Tickets per tag, most used first (the triage dashboard's tag cloud). */
export const ticketTagCountsQuery = defineQuery<z.input<typeof TagCountsArgs>>('tickets', async (args, context) => {
  const { status, first } = parseInput(TagCountsArgs, args);
  return ticketTagCounts(context.services.deps.db, { status: status ?? undefined, first: first ?? undefined });
});

/** `Ticket.tags`: the team's triage labels, which customers do not see. */
export function visibleTags(parent: { readonly tags: readonly string[] }, _args: unknown, context: ApiContext) {
  return forCustomer(context) ? [] : parent.tags;
}

/**
 * `Ticket.tier`, `Ticket.withSupervisors` and `Ticket.sla`: escalations and SLA terms, warnings and
 * breaches are the team's own business, which the customer's view leaves out (null, false, null).
 */
export const staffOnlyTicketFields = {
  tier: (parent: { readonly tier: number }, _args: unknown, context: ApiContext) =>
    forCustomer(context) ? null : parent.tier,
  withSupervisors: (parent: { readonly withSupervisors: boolean }, _args: unknown, context: ApiContext) =>
    forCustomer(context) ? false : parent.withSupervisors,
  sla: (parent: { readonly sla?: unknown }, _args: unknown, context: ApiContext) =>
    forCustomer(context) ? null : (parent.sla ?? null),
};

/**
 * `Ticket.messages`: preloaded by the query, loaded for tickets from a list (together, see
 * {@link ticketMessagesLoader}), or for a past ticket read from its history up to then (every
 * event it folded, charged to the replay budget).
 */
export async function ticketMessages(
  parent: TicketDto,
  args: unknown,
  context: ApiContext,
): Promise<readonly TicketMessageDto[]> {
  const page = parseInput(MessagesArgs, args);
  const whole = page.after === undefined && !fromTheEnd(page);
  if (parent.messages && (whole || parent.asOf)) return pageOf(parent.messages, page);
  const { principal } = context;
  const includeInternal = principal !== null && seesInternal(principal);
  const { asOf } = parent;
  if (asOf) {
    const stream = streamId('ticket', parent.ticketId);
    const history = await context.replay.spend(async (left) => {
      if (parent.version > left) throw new ReplayLimitError(stream, parent.version, left);
      return { value: await streamHistory(context.services.deps.store, stream, { asOf }), replayed: parent.version };
    });
    return pageOf(messagesFromHistory(history, includeInternal), page);
  }
  if (whole)
    return ticketMessagesLoader(context, { includeInternal, first: page.first ?? MAX_MESSAGES }).load(parent.ticketId);
  // A later page, or one from the end, of one thread: read for this ticket alone.
  const { db } = context.services.deps;
  const messages =
    (await ticketMessagesOf(db, [parent.ticketId], { includeInternal, ...page })).get(parent.ticketId) ?? [];
  return checkedPage(messages, page, { db, kind: 'ticket', id: parent.ticketId }, includeInternal);
}
