import { withoutPushSubscription, withPushSubscription } from '../shared/push.js';
import type { StaffEvent } from './events.js';
import { reorderedViews } from './inbox-views.js';
import type { StaffState } from './state.js';

/** Applies one staff-stream event. */
export function evolveStaff(state: StaffState, event: StaffEvent): StaffState {
  switch (event.type) {
    case 'StaffProfileSet': {
      const { staffId, name, email, language, timeZone, channels, groups } = event.data;
      const profile = {
        staffId,
        name,
        email: email ?? null,
        language: language ?? null,
        timeZone: timeZone ?? null,
        channels,
        groups,
      };
      return { ...state, profile };
    }
    case 'StaffPushSubscribed':
      return { ...state, pushSubscriptions: withPushSubscription(state.pushSubscriptions, event.data.subscription) };
    case 'StaffPushUnsubscribed':
      return { ...state, pushSubscriptions: withoutPushSubscription(state.pushSubscriptions, event.data.endpoint) };
    case 'InboxViewSaved': {
      const { viewId, name, filter, order } = event.data;
      const view = { viewId, name, filter, order, shared: event.data.shared ?? false };
      const held = state.inboxViews.some((v) => v.viewId === viewId);
      const inboxViews = held
        ? state.inboxViews.map((v) => (v.viewId === viewId ? view : v))
        : [...state.inboxViews, view];
      return { ...state, inboxViews };
    }
    case 'InboxViewRenamed': {
      const { viewId, name } = event.data;
      return { ...state, inboxViews: state.inboxViews.map((v) => (v.viewId === viewId ? { ...v, name } : v)) };
    }
    case 'InboxViewsReordered':
      return { ...state, inboxViews: reorderedViews(state.inboxViews, event.data.viewIds) };
    case 'InboxViewDeleted':
      return { ...state, inboxViews: state.inboxViews.filter((v) => v.viewId !== event.data.viewId) };
  }
}
