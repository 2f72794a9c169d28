import type { WebhookEvent } from './events.js';
import type { WebhookState } from './state.js';

/** Applies one webhook-endpoint event. */
export function evolveWebhook(state: WebhookState, event: WebhookEvent): WebhookState {
  switch (event.type) {
    case 'WebhookEndpointRegistered': {
      const { endpointId, url, eventTypes, description, secretVersion } = event.data;
      return { endpointId, url, eventTypes, description, enabled: true, secretVersion };
    }
    case 'WebhookEndpointUpdated': {
      const { url, eventTypes, description } = event.data;
      return state && { ...state, url, eventTypes, description };
    }
    case 'WebhookEndpointDisabled':
      return state && { ...state, enabled: false };
    case 'WebhookEndpointEnabled':
      return state && { ...state, enabled: true };
    case 'WebhookSecretRotated':
      return state && { ...state, secretVersion: event.data.secretVersion };
    case 'WebhookEndpointDeleted':
      return state && { ...state, enabled: false, deleted: true };
  }
}
