import { z } from 'zod';
import { isLead } from '../agent/roles.js';
import { type Actor, Id, isStaff } from '../shared/actor.js';
import { DomainError } from '../shared/errors.js';
import { TicketPriority } from '../shared/values.js';
import { TicketStatus } from '../ticket/lifecycle.js';
import { Tag } from '../ticket/tags.js';
import { TicketChannel } from '../ticket/values.js';

/** The most inbox views one staff member may save. */
export const MAX_INBOX_VIEWS = 30;
/** The longest name of a saved inbox view, in characters. */
export const MAX_INBOX_VIEW_NAME = 60;

/** A saved view's name: trimmed, 1 to {@link MAX_INBOX_VIEW_NAME} characters. */
export const InboxViewName = z.string().trim().min(1).max(MAX_INBOX_VIEW_NAME);

/** The SLA states a view may narrow to (the ticket's `SlaSummary`). */
export const InboxViewSlaState = z.enum(['breached', 'warning', 'running', 'paused', 'met', 'not_started']);

/** The orders of the ticket list a view may keep (the API's `TicketOrder`). */
export const InboxViewOrder = z.enum(['newest', 'longest_in_status', 'sla_deadline', 'updated', 'priority']);
export type InboxViewOrder = z.infer<typeof InboxViewOrder>;

/**
 * What a saved view lists: the API's `TicketFilter` fields an inbox offers, each optional (an
 * absent one narrows nothing). `inMyQueues` asks for the unassigned tickets the router could give
 * the viewer; `search` is at most 500 characters, as the ticket list accepts.
 */
export const InboxViewFilter = z
  .object({
    status: z.array(TicketStatus).max(10).optional(),
    priority: z.array(TicketPriority).max(10).optional(),
    channel: z.array(TicketChannel).max(10).optional(),
    assigneeId: Id.optional(),
    unassigned: z.boolean().optional(),
    inMyQueues: z.boolean().optional(),
    category: z.string().trim().min(1).max(100).optional(),
    tags: z.array(Tag).max(20).optional(),
    customerId: Id.optional(),
    slaState: z.array(InboxViewSlaState).max(10).optional(),
    stale: z.boolean().optional(),
    search: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type InboxViewFilter = z.infer<typeof InboxViewFilter>;

/**
 * A view a staff member saved: its name, filter and order, in the place they gave it; `shared`:
 * offered to the whole team too (each reading it with their own counts), still its owner's to
 * change.
 */
export interface InboxView {
  readonly viewId: string;
  readonly name: string;
  readonly filter: InboxViewFilter;
  readonly order: InboxViewOrder;
  readonly shared: boolean;
}

/**
 * Whether `actor` may share a view with the team: the team leads (supervisors and admins), who
 * shape how everyone's work is cut, as a help desk's shared views are; and the system (demo data).
 * An agent's views stay their own.
 */
export function mayShareInboxViews(actor: Actor): boolean {
  return isLead(actor) || actor.role === 'system';
}

/**
 * Whether `actor` may stop sharing a view `ownerId` shared: its owner, or one who may share views
 * ({@link mayShareInboxViews}): a lead takes down a colleague's shared view, which stays theirs.
 */
export function mayStopSharingInboxView(actor: Actor, ownerId: string): boolean {
  return (isStaff(actor) && actor.id === ownerId) || mayShareInboxViews(actor);
}

/** Refuses stopping the sharing of another's view to one who may not ({@link mayStopSharingInboxView}). */
export function requireMayStopSharing(actor: Actor, ownerId: string): void {
  if (!mayStopSharingInboxView(actor, ownerId))
    throw new DomainError(
      'INBOX_VIEW_SHARING_FORBIDDEN',
      'Only its owner, a supervisor or an admin stops sharing a view with the team',
      { role: actor.role },
    );
}

/** Refuses sharing a view to one who may not ({@link mayShareInboxViews}): `INBOX_VIEW_SHARING_FORBIDDEN`. */
export function requireMayShareViews(actor: Actor): void {
  if (!mayShareInboxViews(actor))
    throw new DomainError(
      'INBOX_VIEW_SHARING_FORBIDDEN',
      'Only supervisors and admins share views with the team; save it as a view of your own',
      { role: actor.role },
    );
}

/** Names compare without case (and trimmed): "Billing" and "billing " are one name. */
export function sameViewName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');
}

/** Refuses a name another of the staff member's views (not `viewId` itself) already has. */
export function requireFreeViewName(views: readonly InboxView[], name: string, viewId: string): void {
  const taken = views.find((view) => view.viewId !== viewId && sameViewName(view.name, name));
  if (taken) {
    throw new DomainError('INBOX_VIEW_NAME_TAKEN', `A saved view is already named "${taken.name}"`, {
      field: 'name',
      viewId: taken.viewId,
    });
  }
}

/** Refuses a new view past {@link MAX_INBOX_VIEWS}; saving over an existing view is always room. */
export function requireRoomForView(views: readonly InboxView[], viewId: string): void {
  if (views.some((view) => view.viewId === viewId)) return;
  if (views.length >= MAX_INBOX_VIEWS) {
    throw new DomainError(
      'INBOX_VIEW_LIMIT_REACHED',
      `At most ${MAX_INBOX_VIEWS} views may be saved; delete one first`,
      { limit: MAX_INBOX_VIEWS },
    );
  }
}

/** The view, or `NOT_FOUND`. */
export function requireView(views: readonly InboxView[], viewId: string): InboxView {
  const view = views.find((candidate) => candidate.viewId === viewId);
  if (!view) throw new DomainError('NOT_FOUND', `No saved view "${viewId}"`, { viewId });
  return view;
}

/**
 * Refuses a new order that is not exactly the views held, each once: a reorder names every view,
 * so one saved meanwhile elsewhere (another browser) is never dropped or placed by guess.
 */
export function requireSameViews(views: readonly InboxView[], viewIds: readonly string[]): void {
  const held = new Set(views.map((view) => view.viewId));
  const given = new Set(viewIds);
  if (given.size !== viewIds.length || given.size !== held.size || [...given].some((id) => !held.has(id))) {
    throw new DomainError('VALIDATION_FAILED', 'A new order names every saved view exactly once', {
      field: 'viewIds',
    });
  }
}

/** The views in the order `viewIds` gives (every view held, as {@link requireSameViews} checks). */
export function reorderedViews(views: readonly InboxView[], viewIds: readonly string[]): InboxView[] {
  return viewIds.flatMap((id) => views.filter((view) => view.viewId === id));
}

/** Whether two views' filters ask the same (field order aside). */
export function sameFilter(a: InboxViewFilter, b: InboxViewFilter): boolean {
  const canonical = (filter: InboxViewFilter) =>
    JSON.stringify(Object.fromEntries(Object.entries(filter).sort(([x], [y]) => (x < y ? -1 : 1))));
  return canonical(a) === canonical(b);
}
