import type { CustomerEvent } from './events.js';
import type { CustomerState } from './state.js';

/** Applies one customer-profile event. */
export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerRegistered':
      return {
        customerId: event.data.customerId,
        name: event.data.name,
        email: event.data.email ?? null,
        language: event.data.language ?? null,
        deliveryPreference: event.data.deliveryPreference,
      };
    case 'CustomerDeliveryPreferenceChanged':
      return state && { ...state, deliveryPreference: event.data.preference };
  }
}
