import type { VariablesOf } from '../graphql/index.ts';
import type { InboxTickets } from '../queries/inbox.ts';

/** The API's `TicketFilter`, as the inbox sends it. */
export type TicketFilter = NonNullable<VariablesOf<typeof InboxTickets>['filter']>;
type Status = NonNullable<TicketFilter['status']>[number];
type Priority = NonNullable<TicketFilter['priority']>[number];
type Channel = NonNullable<TicketFilter['channel']>[number];
/** The list's orders the inbox offers (the API's `TicketOrder`). */
export type Sort = NonNullable<VariablesOf<typeof InboxTickets>['order']>;

/** Who looks: the saved views of "mine" are theirs. */
export interface Viewer {
  readonly sub: string;
  readonly role: string;
}

export const STATUSES: readonly Status[] = ['new', 'in_progress', 'waiting_customer', 'resolved', 'closed'];
export const OPEN: readonly Status[] = ['new', 'in_progress', 'waiting_customer'];
export const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];
export const CHANNELS: readonly Channel[] = ['email', 'web', 'chat', 'phone', 'api'];
export const SORTS: readonly Sort[] = ['newest', 'updated', 'priority', 'sla_deadline', 'longest_in_status'];

/** The built-in views, in the order the inbox shows them. */
export const VIEWS = ['mine', 'queues', 'unassigned', 'waiting', 'atRisk', 'breached', 'stale', 'all'] as const;
export type View = (typeof VIEWS)[number];

/** The views a viewer is offered: `queues` only to agents (only they have queues). */
export function viewsFor(viewer: Viewer): readonly View[] {
  return viewer.role === 'agent' ? VIEWS : VIEWS.filter((view) => view !== 'queues');
}

/**
 * A built-in view's filter, as the API takes it: `mine` the viewer's open tickets, `queues` the
 * open ones nobody holds that the router could give the viewer (the API asks the domain's
 * `inAgentQueues`: their tier and skills), `unassigned` the open ones nobody holds (the queue), `waiting` the viewer's tickets waiting on the customer,
 * `atRisk` the open tickets whose SLA passed its warning threshold, `breached` the open ones whose
 * SLA target was missed (still owed an answer or a resolution), `stale` the open ones gone
 * stale by the guide's rules (the API applies the domain's), `all` every open ticket.
 */
export function viewFilter(view: View, viewer: Viewer): TicketFilter {
  switch (view) {
    case 'mine':
      return { assigneeId: viewer.sub, status: [...OPEN] };
    case 'queues':
      return { inMyQueues: true, status: [...OPEN] };
    case 'unassigned':
      return { unassigned: true, status: [...OPEN] };
    case 'waiting':
      return { assigneeId: viewer.sub, status: ['waiting_customer'] };
    case 'atRisk':
      return { slaState: ['warning'], status: [...OPEN] };
    case 'breached':
      return { slaState: ['breached'], status: [...OPEN] };
    case 'stale':
      return { stale: true };
    case 'all':
      return { status: [...OPEN] };
  }
}

/**
 * Every view's filter, keyed by view, and whether the viewer has queues to count (the variables of
 * `InboxViewCounts`).
 */
export function viewFilters(viewer: Viewer): Record<View, TicketFilter> & { withQueues: boolean } {
  const filters = Object.fromEntries(VIEWS.map((view) => [view, viewFilter(view, viewer)])) as Record<
    View,
    TicketFilter
  >;
  return { ...filters, withQueues: viewsFor(viewer).includes('queues') };
}

/**
 * What the inbox shows, as its address's query string holds it (so a view can be bookmarked):
 * a saved view narrowed by filters, in an order. `status` '' keeps the view's statuses, `all`
 * drops them; '' elsewhere filters nothing.
 */
export interface InboxQuery {
  readonly view: View;
  /** A view the user saved (its id), which then gives the filter in place of `view`'s; '' for none. */
  readonly saved: string;
  readonly status: '' | 'all' | 'open' | Status;
  readonly priority: '' | Priority;
  readonly channel: '' | Channel;
  readonly category: string;
  readonly tag: string;
  readonly customer: string;
  readonly q: string;
  readonly sort: Sort;
}

/** The view a viewer starts on: an agent their own tickets, anyone else every open one. */
export function defaultView(viewer: Viewer): View {
  return viewer.role === 'agent' ? 'mine' : 'all';
}

const DEFAULT_SORT: Sort = 'newest';

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The inbox's state from a query string; a value it does not know is left at its default. */
export function parseInboxQuery(params: URLSearchParams, viewer: Viewer): InboxQuery {
  const text = (name: string) => (params.get(name) ?? '').trim().slice(0, 200);
  return {
    view: oneOf(params.get('view'), viewsFor(viewer), defaultView(viewer)),
    saved: text('saved'),
    status: oneOf(params.get('status'), ['all', 'open', ...STATUSES], ''),
    priority: oneOf(params.get('priority'), PRIORITIES, ''),
    channel: oneOf(params.get('channel'), CHANNELS, ''),
    category: text('category'),
    tag: text('tag'),
    customer: text('customer'),
    q: text('q'),
    sort: oneOf(params.get('sort'), SORTS, DEFAULT_SORT),
  };
}

/** The query string of an inbox state: only what differs from the defaults, so addresses stay short. */
export function inboxSearch(query: InboxQuery, viewer: Viewer): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    const fallback = name === 'view' ? defaultView(viewer) : name === 'sort' ? DEFAULT_SORT : '';
    if (value !== fallback) params.set(name, value);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/**
 * The API filter of an inbox state: its view's (the saved view's, `saved`, when one is open),
 * narrowed by the filters chosen.
 */
export function inboxFilter(query: InboxQuery, viewer: Viewer, saved?: TicketFilter): TicketFilter {
  const { status: viewStatus, ...view } = saved ?? viewFilter(query.view, viewer);
  const status =
    query.status === ''
      ? viewStatus
      : query.status === 'all'
        ? undefined
        : query.status === 'open'
          ? [...OPEN]
          : [query.status];
  return {
    ...view,
    ...(status ? { status } : {}),
    ...(query.priority ? { priority: [query.priority] } : {}),
    ...(query.channel ? { channel: [query.channel] } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.tag ? { tags: [query.tag] } : {}),
    ...(query.customer ? { customerId: query.customer } : {}),
    ...(query.q ? { search: query.q } : {}),
  };
}
