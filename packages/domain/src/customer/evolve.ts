import { withoutPushSubscription, withPushSubscription } from '../shared/push.js';
import { SOFT_BOUNCE_LIMIT, standingBounce, standingSoftBounces } from './email-bounce.js';
import type { CustomerEvent } from './events.js';
import type { CustomerState } from './state.js';

/** Applies one customer-stream event. */
export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerRegistered':
      return {
        ...state,
        profile: {
          customerId: event.data.customerId,
          name: event.data.name,
          email: event.data.email ?? null,
          pendingEmail: null,
          bouncedEmail: null,
          softBounces: [],
          language: event.data.language ?? null,
          company: event.data.company ?? null,
          plan: event.data.plan ?? null,
          phone: event.data.phone ?? null,
          timeZone: event.data.timeZone ?? null,
          registeredAt: event.data.customerSince ?? event.data.at,
          deliveryPreference: event.data.deliveryPreference,
        },
      };
    case 'CustomerProfileUpdated': {
      const { name, email, language, company, plan, phone, timeZone } = event.data;
      // Fields absent from updates recorded before the profile held them keep what it has.
      const profile = state.profile && {
        ...state.profile,
        name,
        email,
        bouncedEmail: standingBounce(state.profile.bouncedEmail, email),
        softBounces: standingSoftBounces(state.profile.softBounces, state.profile.email, email),
        language,
        company,
        plan,
        ...(phone === undefined ? {} : { phone }),
        ...(timeZone === undefined ? {} : { timeZone }),
      };
      return { ...state, profile };
    }
    case 'CustomerEmailChangeRequested': {
      const { email, expiresAt } = event.data;
      return { ...state, profile: state.profile && { ...state.profile, pendingEmail: { email, expiresAt } } };
    }
    case 'CustomerEmailConfirmed':
      return {
        ...state,
        profile: state.profile && {
          ...state.profile,
          email: event.data.email,
          pendingEmail: null,
          bouncedEmail: standingBounce(state.profile.bouncedEmail, event.data.email),
          softBounces: standingSoftBounces(state.profile.softBounces, state.profile.email, event.data.email),
        },
      };
    case 'CustomerEmailBounced':
      return { ...state, profile: state.profile && { ...state.profile, bouncedEmail: event.data.address } };
    case 'CustomerEmailSoftBounced':
      // The latest few are all the rule needs: as many as count as a hard bounce.
      return {
        ...state,
        profile: state.profile && {
          ...state.profile,
          softBounces: [...state.profile.softBounces, event.data.at].slice(-SOFT_BOUNCE_LIMIT),
        },
      };
    case 'CustomerDeliveryPreferenceChanged':
      return { ...state, profile: state.profile && { ...state.profile, deliveryPreference: event.data.preference } };
    case 'CustomerPushSubscribed':
      return { ...state, pushSubscriptions: withPushSubscription(state.pushSubscriptions, event.data.subscription) };
    case 'CustomerPushUnsubscribed':
      return { ...state, pushSubscriptions: withoutPushSubscription(state.pushSubscriptions, event.data.endpoint) };
    case 'CustomerChatSlotReserved': {
      const { chatId, reservationId, at } = event.data;
      return { ...state, openChats: [...state.openChats, { chatId, reservationId, reservedAt: at }] };
    }
    case 'CustomerChatSlotReleased': {
      const { reservationId } = event.data;
      return { ...state, openChats: state.openChats.filter((slot) => slot.reservationId !== reservationId) };
    }
    case 'CustomerMerged':
      return { ...state, mergedInto: event.data.into };
  }
}
