import { isLead } from '../agent/roles.js';
import { type Actor, isStaff } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { DomainError, invalidField } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import { addsPushSubscription, removesPushSubscription } from '../shared/push.js';
import { parseOrThrow } from '../shared/validation.js';
import { knownTimeZone } from '../sla/calendar.js';
import { mayChangeAlertGroups } from './alert-groups.js';
import { StaffCommand } from './commands.js';
import type { StaffEvent } from './events.js';
import {
  requireFreeViewName,
  requireMayShareViews,
  requireMayStopSharing,
  requireRoomForView,
  requireSameViews,
  requireView,
  sameFilter,
} from './inbox-views.js';
import type { StaffProfile, StaffState } from './state.js';

/**
 * Decides a staff-stream command.
 *
 * - A staff member sets their own profile; supervisors, admins and the system set anyone's.
 *   Joining or leaving an alert group is theirs only: the groups decide who hears of breaches,
 *   escalations and incidents, which is the team leads' call. Setting the profile it already
 *   has yields no events.
 * - Push subscriptions are added by the staff member themself (or the system): a subscription
 *   decides whose browser receives their alerts. Leads may remove one (a lost laptop).
 *   Registering a held endpoint again, or removing one not held, yields nothing.
 * - Saved inbox views are the staff member's own: only they (or the system, which loads demo
 *   data) save, rename, reorder or delete them; a lead has no say in how someone sorts their
 *   work. Saving a view as it is, renaming it to its name, or keeping the order yields nothing.
 *   Sharing a view with the whole team is for supervisors and admins (and the system), and any of
 *   them may stop sharing a colleague's (it stays the colleague's view).
 */
export function decideStaff(input: StaffCommand, state: StaffState, context: CommandContext): StaffEvent[] {
  const command = parseOrThrow(StaffCommand, input, 'staff command');
  const { actor } = context;
  const { staffId } = command.data;
  const meta = provenance(context);
  switch (command.type) {
    case 'SetStaffProfile': {
      const { data } = command;
      const self = isSelf(actor, staffId);
      if (!self && !isLead(actor) && actor.role !== 'system') refuse(actor, `set the profile of ${staffId}`);
      requireReachable(data);
      const timeZone = data.timeZone === undefined ? undefined : knownTimeZone(data.timeZone);
      const profile: StaffProfile = {
        ...data,
        email: data.email ?? null,
        language: data.language ?? null,
        timeZone: timeZone ?? null,
      };
      const groupsBefore = state.profile?.groups ?? [];
      if (!sameList(profile.groups, groupsBefore) && !mayChangeAlertGroups(actor)) {
        refuse(actor, 'change alert groups');
      }
      if (state.profile && sameProfile(state.profile, profile)) return [];
      return [{ type: 'StaffProfileSet', data: { ...meta, ...data, ...(timeZone && { timeZone }) } }];
    }
    case 'RegisterStaffPushSubscription': {
      if (!isSelf(actor, staffId) && actor.role !== 'system') refuse(actor, `add a push subscription for ${staffId}`);
      const { subscription } = command.data;
      if (!addsPushSubscription(state.pushSubscriptions, subscription)) return [];
      return [{ type: 'StaffPushSubscribed', data: { ...meta, staffId, subscription } }];
    }
    case 'RemoveStaffPushSubscription': {
      if (!isSelf(actor, staffId) && !isLead(actor) && actor.role !== 'system') {
        refuse(actor, `remove a push subscription of ${staffId}`);
      }
      const { endpoint } = command.data;
      if (!removesPushSubscription(state.pushSubscriptions, endpoint)) return [];
      return [{ type: 'StaffPushUnsubscribed', data: { ...meta, staffId, endpoint } }];
    }
    case 'SaveInboxView': {
      requireOwner(actor, staffId, 'save inbox views');
      const { viewId, name, filter, order, shared } = command.data;
      if (shared) requireMayShareViews(actor);
      const views = state.inboxViews;
      requireRoomForView(views, viewId);
      requireFreeViewName(views, name, viewId);
      const held = views.find((view) => view.viewId === viewId);
      if (
        held &&
        held.name === name &&
        held.order === order &&
        held.shared === shared &&
        sameFilter(held.filter, filter)
      )
        return [];
      return [{ type: 'InboxViewSaved', data: { ...meta, staffId, viewId, name, filter, order, shared } }];
    }
    case 'RenameInboxView': {
      requireOwner(actor, staffId, 'rename inbox views');
      const { viewId, name } = command.data;
      const view = requireView(state.inboxViews, viewId);
      requireFreeViewName(state.inboxViews, name, viewId);
      if (view.name === name) return [];
      return [{ type: 'InboxViewRenamed', data: { ...meta, staffId, viewId, name } }];
    }
    case 'ReorderInboxViews': {
      requireOwner(actor, staffId, 'reorder inbox views');
      const { viewIds } = command.data;
      requireSameViews(state.inboxViews, viewIds);
      if (state.inboxViews.every((view, i) => view.viewId === viewIds[i])) return [];
      return [{ type: 'InboxViewsReordered', data: { ...meta, staffId, viewIds } }];
    }
    case 'StopSharingInboxView': {
      requireMayStopSharing(actor, staffId);
      const view = requireView(state.inboxViews, command.data.viewId);
      if (!view.shared) return [];
      const { viewId, name, filter, order } = view;
      return [{ type: 'InboxViewSaved', data: { ...meta, staffId, viewId, name, filter, order, shared: false } }];
    }
    case 'DeleteInboxView': {
      requireOwner(actor, staffId, 'delete inbox views');
      const { viewId } = command.data;
      requireView(state.inboxViews, viewId);
      return [{ type: 'InboxViewDeleted', data: { ...meta, staffId, viewId } }];
    }
  }
}

/**
 * A profile must leave its owner reachable: alerts (an SLA breach, an escalation) sent to no channel,
 * or by mail to no address, would vanish without trace.
 */
function requireReachable(profile: {
  readonly email?: string | undefined;
  readonly channels: readonly string[];
}): void {
  if (profile.channels.length === 0)
    throw invalidField('channels', 'Choose at least one channel for alerts (web is the in-app inbox)', {
      field: 'channels',
    });
  if (profile.channels.includes('email') && profile.email === undefined)
    throw invalidField('email', 'Alerts by email need an email address in the profile', { field: 'email' });
}

/** Saved views are their owner's alone (the system aside, which seeds them). */
function requireOwner(actor: Actor, staffId: string, what: string): void {
  if (!isSelf(actor, staffId) && actor.role !== 'system') refuse(actor, `${what} of ${staffId}`);
}

function isSelf(actor: Actor, staffId: string): boolean {
  return isStaff(actor) && actor.id === staffId;
}

function refuse(actor: Actor, what: string): never {
  throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not ${what}`, { role: actor.role });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function sameProfile(a: StaffProfile, b: StaffProfile): boolean {
  return (
    a.name === b.name &&
    a.email === b.email &&
    a.language === b.language &&
    a.timeZone === b.timeZone &&
    sameList(a.channels, b.channels) &&
    sameList(a.groups, b.groups)
  );
}
