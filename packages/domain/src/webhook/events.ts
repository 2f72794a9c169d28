import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { Instant } from '../shared/time.js';

/** What an endpoint receives: its URL, the event types it listens to, and a note for humans. */
const Settings = {
  endpointId: Id,
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
};

/**
 * A webhook endpoint was added, signing with secret version 1. The secret itself is never
 * recorded: the delivery package derives it from a deployment key and the version.
 */
export const WebhookEndpointRegistered = defineEvent('WebhookEndpointRegistered', {
  ...Settings,
  secretVersion: z.literal(1),
});

/** An endpoint's settings changed; the event carries all of them as they now are. */
export const WebhookEndpointUpdated = defineEvent('WebhookEndpointUpdated', Settings);

/** Deliveries to the endpoint stopped. */
export const WebhookEndpointDisabled = defineEvent('WebhookEndpointDisabled', { endpointId: Id });

/** Deliveries to the endpoint resumed. */
export const WebhookEndpointEnabled = defineEvent('WebhookEndpointEnabled', { endpointId: Id });

/** The endpoint signs with a new secret, derived (never recorded) from `secretVersion`. */
export const WebhookSecretRotated = defineEvent('WebhookSecretRotated', {
  endpointId: Id,
  secretVersion: z.int().min(2),
  /**
   * Until when deliveries are also signed with the previous secret (its version one less), so a
   * receiver moves to the new one without refusing any; left out, the old one stopped at once.
   */
  previousValidUntil: Instant.optional(),
});

/** The endpoint was removed for good; its stream (and id) stay. */
export const WebhookEndpointDeleted = defineEvent('WebhookEndpointDeleted', { endpointId: Id });

/** Every event of the webhook-endpoint stream. */
export const WebhookEvent = z.discriminatedUnion('type', [
  WebhookEndpointRegistered,
  WebhookEndpointUpdated,
  WebhookEndpointDisabled,
  WebhookEndpointEnabled,
  WebhookSecretRotated,
  WebhookEndpointDeleted,
]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** The webhook-endpoint stream's event types, for the event schema registry. */
export const WEBHOOK_ENDPOINT_EVENT_TYPES = WebhookEvent.options.map((option) => option.shape.type.value);
