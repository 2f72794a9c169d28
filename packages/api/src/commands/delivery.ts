import type { Sent } from '@support-engine/application';
import { queueWebhookTest, redeliverNotification, redeliverWebhook } from '@support-engine/delivery';
import { Id, PushSubscription } from '@support-engine/domain';
import { RemoveCustomerPushSubscription } from '@support-engine/domain/customer';
import { SetStaffProfile } from '@support-engine/domain/staff';
import {
  DeleteWebhookEndpoint,
  DisableWebhookEndpoint,
  EnableWebhookEndpoint,
  RegisterWebhookEndpoint,
  RotateWebhookSecret,
  UpdateWebhookEndpoint,
  type WebhookCommand,
  webhookEventTypes,
} from '@support-engine/domain/webhook';
import { z } from 'zod';
import { assertPushEndpoint } from '../delivery/push.js';
import type { EndpointView } from '../delivery/webhooks.js';
import { ApiError } from '../errors/codes.js';
import type { CommandEnv, CommandSpec } from './spec.js';
import { defineCommand, defineMutation, definePayloadMutation } from './spec.js';

// Inputs reuse the domain's command data schemas; the ids the caller acts for (their own staff
// or customer stream, a server-assigned endpoint id) are left out or made optional.
const data = {
  setStaffProfile: SetStaffProfile.shape.data.extend({ staffId: Id.optional() }),
  removePush: RemoveCustomerPushSubscription.shape.data.omit({ customerId: true }),
  registerEndpoint: RegisterWebhookEndpoint.shape.data.omit({ endpointId: true }),
  redeliver: z.object({ deliveryId: z.string().min(1).max(1000) }).strict(),
};

/**
 * The endpoint as the command left it: its stream up to the version the command answered (for a
 * repeated commandId, the first run's), so a repeat answers the first outcome, not whatever
 * later commands made of the endpoint. It was just written, so it exists.
 */
async function current(env: CommandEnv, endpointId: string, sent: Sent): Promise<EndpointView> {
  const endpoint = await env.webhooks.endpoint(endpointId, sent.version);
  if (endpoint === null) throw new Error(`webhook endpoint ${endpointId} vanished after a write`);
  return endpoint;
}

/** The endpoint as the command left it, and the secret it then signed with. */
async function withSecret(env: CommandEnv, endpointId: string, sent: Sent) {
  const endpoint = await current(env, endpointId, sent);
  return { endpoint, secret: env.webhooks.secret(endpoint) };
}

/**
 * A mutation that sends one command to an endpoint's stream as it is given, then answers with
 * the endpoint as the command left it (`answer`).
 */
function endpointMutation<S extends z.ZodObject<{ endpointId: typeof Id }>, R>(
  description: string,
  type: 'DisableWebhookEndpoint' | 'EnableWebhookEndpoint' | 'RotateWebhookSecret',
  schema: S,
  returns: string,
  answer: (env: CommandEnv, endpointId: string, sent: Sent) => Promise<R>,
) {
  return definePayloadMutation(description, returns, schema, async (input: z.infer<S>, env) => {
    env.webhooks.configured();
    const command = { type, data: input } as WebhookCommand;
    const sent = await env.bus.send('webhook', input.endpointId, command, env.principal, env.commandId);
    return answer(env, input.endpointId, sent);
  });
}

type PushChange = { readonly subscription: PushSubscription } | { readonly endpoint: string };

/** Adds or removes a push subscription on the caller's own stream: a customer's, or a staff member's. */
async function sendPush(env: CommandEnv, change: PushChange) {
  const { principal, commandId } = env;
  const id = principal.id;
  if (principal.role === 'customer') {
    const command =
      'subscription' in change
        ? { type: 'RegisterCustomerPushSubscription' as const, data: { customerId: id, ...change } }
        : { type: 'RemoveCustomerPushSubscription' as const, data: { customerId: id, ...change } };
    return { id, sent: await env.bus.send('customer', id, command, principal, commandId) };
  }
  const command =
    'subscription' in change
      ? { type: 'RegisterStaffPushSubscription' as const, data: { staffId: id, ...change } }
      : { type: 'RemoveStaffPushSubscription' as const, data: { staffId: id, ...change } };
  return { id, sent: await env.bus.send('staff', id, command, principal, commandId) };
}

/** The refusal of a send to an endpoint that takes none (disabled, or deleted for good). */
function endpointDisabled(endpointId: string, before: string, deleted = false): ApiError {
  return new ApiError(
    'WEBHOOK_ENDPOINT_DISABLED',
    deleted
      ? `Endpoint ${endpointId} was deleted: nothing is sent to it any more (register a new endpoint)`
      : `Endpoint ${endpointId} is disabled: enable it (enableWebhookEndpoint) before ${before}`,
    { endpointId },
  );
}

/** The mutations of notification delivery: staff profiles, push subscriptions, webhook endpoints, redelivery. */
export const DELIVERY_COMMANDS = {
  setStaffProfile: defineCommand(
    "Sets a staff member's alert profile, whole (the caller's own when staffId is omitted): name, email, language, alert channels; alert groups only by leads.",
    data.setStaffProfile,
    'staff',
    (input, env) => input.staffId ?? env.principal.id,
    (input, staffId) => ({ type: 'SetStaffProfile', data: { ...input, staffId } }),
  ),
  registerPushSubscription: defineMutation(
    "Records a browser's Web Push subscription for the caller (customer or staff); the same endpoint again is a no-op. An endpoint leading to a private address is refused.",
    PushSubscription,
    async (input, env) => {
      await assertPushEndpoint(input.endpoint, env.delivery?.allowPrivatePush ?? false);
      return sendPush(env, { subscription: input });
    },
  ),
  removePushSubscription: defineMutation(
    "Forgets one of the caller's Web Push subscriptions, by its endpoint.",
    data.removePush,
    (input, env) => sendPush(env, input),
  ),
  registerWebhookEndpoint: definePayloadMutation(
    'Adds a webhook endpoint (id assigned by the server) and shows its signing secret.',
    'WebhookEndpointWithSecret',
    data.registerEndpoint,
    async (input, env) => {
      // The pure checks first, the URL's DNS lookup last.
      const eventTypes = webhookEventTypes(input.eventTypes);
      const url = await env.webhooks.deliverableUrl(input.url);
      const endpointId = env.newId();
      const command = { type: 'RegisterWebhookEndpoint' as const, data: { ...input, url, eventTypes, endpointId } };
      const sent = await env.bus.send('webhook', endpointId, command, env.principal, env.commandId);
      return withSecret(env, endpointId, sent);
    },
  ),
  updateWebhookEndpoint: definePayloadMutation(
    "Changes an endpoint's URL (checked again), event types or description (an empty one clears it).",
    'WebhookEndpoint',
    UpdateWebhookEndpoint.shape.data,
    async (input, env) => {
      env.webhooks.configured();
      const url = input.url === undefined ? undefined : await env.webhooks.deliverableUrl(input.url);
      const command = {
        type: 'UpdateWebhookEndpoint' as const,
        data: { ...input, ...(url === undefined ? {} : { url }) },
      };
      const sent = await env.bus.send('webhook', input.endpointId, command, env.principal, env.commandId);
      return current(env, input.endpointId, sent);
    },
  ),
  disableWebhookEndpoint: endpointMutation(
    'Stops deliveries to an endpoint until it is enabled again.',
    'DisableWebhookEndpoint',
    DisableWebhookEndpoint.shape.data,
    'WebhookEndpoint',
    current,
  ),
  enableWebhookEndpoint: endpointMutation(
    'Resumes deliveries to a disabled endpoint.',
    'EnableWebhookEndpoint',
    EnableWebhookEndpoint.shape.data,
    'WebhookEndpoint',
    current,
  ),
  rotateWebhookSecret: endpointMutation(
    'Moves an endpoint to a new signing secret and shows it; the old one stops signing at once, or signs beside it for previousSecretHours.',
    'RotateWebhookSecret',
    RotateWebhookSecret.shape.data,
    'WebhookEndpointWithSecret',
    withSecret,
  ),
  deleteWebhookEndpoint: defineMutation(
    'Removes an endpoint for good: nothing more is sent to it (deliveries still pending are refused), its delivery log stays readable, and its id is never registered again (its secrets are derived from it).',
    DeleteWebhookEndpoint.shape.data,
    async (input, env) => {
      env.webhooks.configured();
      const command = { type: 'DeleteWebhookEndpoint' as const, data: input };
      return {
        id: input.endpointId,
        sent: await env.bus.send('webhook', input.endpointId, command, env.principal, env.commandId),
      };
    },
  ),
  testWebhookEndpoint: definePayloadMutation(
    'Sends the endpoint a test event now (type WebhookTest), signed and logged like any delivery, so a receiver can check its signature verification; WEBHOOK_ENDPOINT_DISABLED while it is disabled. A repeated commandId answers the first test and sends nothing more.',
    'WebhookDelivery',
    z.object({ endpointId: Id }).strict(),
    async ({ endpointId }, env) => {
      const { db } = env.webhooks.configured();
      // Sends happen in real time, whatever clock the commands run on.
      return queueWebhookTest(db, endpointId, env.commandId, env.principal.id, new Date(), async () => {
        const endpoint = await env.webhooks.endpoint(endpointId);
        if (endpoint === null) throw new ApiError('NOT_FOUND', `No webhook endpoint "${endpointId}"`);
        if (!endpoint.enabled) throw endpointDisabled(endpointId, 'testing it');
      });
    },
  ),
  redeliverWebhookDelivery: definePayloadMutation(
    'Sends a webhook delivery again now, whatever its state, with the same webhook-id (WEBHOOK_ENDPOINT_DISABLED while its endpoint is disabled or deleted); a repeated commandId answers the first answer and sends nothing.',
    'WebhookDelivery',
    data.redeliver,
    (input, env) =>
      redeliverWebhook(env.webhooks.configured().db, input.deliveryId, env.commandId, async (endpointId) => {
        // Sent to a disabled endpoint, it would only be given up again at once.
        const endpoint = await env.webhooks.endpoint(endpointId);
        if (endpoint?.enabled === false) throw endpointDisabled(endpointId, 'sending its deliveries again');
        // None: deleted (its stream holds events), or never registered here, as before.
        if (endpoint === null && (await env.webhooks.registered(endpointId)))
          throw endpointDisabled(endpointId, 'sending its deliveries again', true);
      }),
  ),
  redeliverNotification: definePayloadMutation(
    'Sends an email or Web Push delivery again now, whatever its state, with the same id (the Message-ID and push Topic derive from it); a repeated commandId answers the first answer and sends nothing.',
    'NotificationDelivery',
    data.redeliver,
    (input, env) => {
      // Where delivery is not wired in, there are no deliveries to send again.
      if (env.delivery === undefined) throw new ApiError('DELIVERY_NOT_FOUND', `No delivery "${input.deliveryId}"`);
      return redeliverNotification(env.delivery.db, input.deliveryId, env.commandId);
    },
  ),
} satisfies Record<string, CommandSpec>;
