import { type DeliveryStatus, listWebhookDeliveries } from '@support-engine/delivery';
import { WEBHOOK_EVENT_TYPES } from '@support-engine/domain/webhook';
import { ApiError } from '../errors/codes.js';
import { defineQuery } from '../graphql/secure.js';

// Endpoints are read from their streams and the delivery tables, not from a read model the
// projection waiter tracks: these queries take no consistency token.

/** The event types an endpoint may subscribe to (besides `*`, every one present and future), sorted. */
export const webhookEventTypes = defineQuery<object>(null, async () => [...WEBHOOK_EVENT_TYPES].sort());

/** Every webhook endpoint, by id. */
export const webhookEndpoints = defineQuery<object>(null, (_args, context) => context.services.webhooks.endpoints());

/** One webhook endpoint, as its stream stands now. */
export const webhookEndpoint = defineQuery<{ id: string }>(null, async (args, context) => {
  const { webhooks } = context.services;
  webhooks.configured();
  return webhooks.endpoint(args.id);
});

/** An endpoint's current signing secret, or null when there is no such endpoint. */
export const webhookEndpointSecret = defineQuery<{ id: string }>(null, async (args, context) => {
  const { webhooks } = context.services;
  webhooks.configured();
  const endpoint = await webhooks.endpoint(args.id);
  return endpoint === null ? null : webhooks.secret(endpoint);
});

/**
 * An endpoint's delivery log, newest first (a deleted endpoint's too); an endpoint that never
 * existed is `NOT_FOUND`, not an empty log.
 */
export const webhookDeliveries = defineQuery<{
  endpointId: string;
  status?: DeliveryStatus | null;
  first?: number | null;
  after?: string | null;
}>(null, async (args, context) => {
  const { webhooks } = context.services;
  const { db } = webhooks.configured();
  if (!(await webhooks.registered(args.endpointId)))
    throw new ApiError('NOT_FOUND', `No webhook endpoint "${args.endpointId}"`);
  return listWebhookDeliveries(db, {
    endpointId: args.endpointId,
    status: args.status ?? undefined,
    first: args.first ?? undefined,
    after: args.after ?? undefined,
  });
});
