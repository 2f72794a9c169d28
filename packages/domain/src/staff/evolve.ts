import { withoutPushSubscription, withPushSubscription } from '../shared/push.js';
import type { StaffEvent } from './events.js';
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
  }
}
