import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineCommand } from '../shared/messages.js';

// URL and event types are checked by the decider, not here, so a bad one is refused with its
// own code (`WEBHOOK_URL_INVALID`, `WEBHOOK_EVENT_TYPE_UNKNOWN`) rather than `VALIDATION_FAILED`;
// the schema only bounds their size.
const Url = z.string().max(4096);
const EventTypes = z.array(z.string().max(100)).min(1).max(100);
const Description = z.string().trim().max(500);

/** Adds an endpoint that receives the listed event types (`*` for all of them). */
export const RegisterWebhookEndpoint = defineCommand('RegisterWebhookEndpoint', {
  endpointId: Id,
  url: Url,
  eventTypes: EventTypes,
  description: Description.optional(),
});

/** Changes an endpoint's URL, event types or description; a field left out stays, `description: null` clears it. */
export const UpdateWebhookEndpoint = defineCommand('UpdateWebhookEndpoint', {
  endpointId: Id,
  url: Url.optional(),
  eventTypes: EventTypes.optional(),
  description: Description.nullable().optional(),
});

/** Stops deliveries to an endpoint until it is enabled again. */
export const DisableWebhookEndpoint = defineCommand('DisableWebhookEndpoint', {
  endpointId: Id,
  reason: z.string().trim().max(2000).optional(),
});

/** Resumes deliveries to a disabled endpoint. */
export const EnableWebhookEndpoint = defineCommand('EnableWebhookEndpoint', { endpointId: Id });

/** Moves the endpoint to a new signing secret (after a leak, or on a schedule). */
export const RotateWebhookSecret = defineCommand('RotateWebhookSecret', {
  endpointId: Id,
  /**
   * Hours the previous secret goes on signing beside the new one (0 to 168), while receivers
   * move to the new one; 0 (the default, as after a leak) stops it at once.
   */
  previousSecretHours: z.int().min(0).max(168).optional(),
});

/**
 * Removes an endpoint for good: nothing more is sent to it (deliveries still pending are refused),
 * and its id stays taken, so a new endpoint never inherits its secrets.
 */
export const DeleteWebhookEndpoint = defineCommand('DeleteWebhookEndpoint', { endpointId: Id });

/** Every command of the webhook-endpoint stream. */
export const WebhookCommand = z.discriminatedUnion('type', [
  RegisterWebhookEndpoint,
  UpdateWebhookEndpoint,
  DisableWebhookEndpoint,
  EnableWebhookEndpoint,
  RotateWebhookSecret,
  DeleteWebhookEndpoint,
]);
/** A webhook command as callers write it. */
export type WebhookCommand = z.input<typeof WebhookCommand>;
