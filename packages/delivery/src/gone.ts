import { createHash } from 'node:crypto';
import { createCommandHandlers } from '@support-engine/application';
import { type Actor, createDomainEventRegistry, streamId } from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';
import type { Logger } from 'pino';
import type { ClaimedDelivery } from './outbox.js';

/** Who records that a push subscription or a webhook endpoint is gone. */
const NOTIFIER_ACTOR: Actor = { id: 'notifier', role: 'system' };

/** What the senders call when a receiver says it is gone for good. */
export interface GoneRecipients {
  /** A push service answered 404 or 410: the subscription no longer exists. */
  readonly pushSubscription: (delivery: ClaimedDelivery, endpoint: string) => Promise<void>;
  /** A webhook endpoint answered 410 Gone: it asks to be sent nothing more. */
  readonly webhookEndpoint: (delivery: ClaimedDelivery) => Promise<void>;
}

/**
 * Records, in the stream of what is gone and by the system, that a receiver said so: a push
 * subscription its push service answers 404 or 410 for is forgotten (`CustomerPushUnsubscribed`
 * or `StaffPushUnsubscribed`), and a webhook endpoint answering 410 Gone is disabled
 * (`WebhookEndpointDisabled`, with the reason), as Standard Webhooks asks. History shows why the
 * sending stopped, and nothing more is planned (push) or sent (webhook) to it. One command per
 * delivery attempt (its id derives from the delivery's and the attempt's number), and nothing when
 * already so, so several dispatchers record it once, and a redelivery to an endpoint enabled
 * again in between disables it again. A failure is logged: the next delivery meets the same
 * answer and tries again.
 */
export function goneRecipients(store: EventStore, logger: Logger): GoneRecipients {
  const { customer: customers, staff, webhook: webhooks } = createCommandHandlers(store, createDomainEventRegistry());
  const record = async (delivery: ClaimedDelivery, what: string, send: (commandId: string) => Promise<unknown>) => {
    const { deliveryId, attempt } = delivery;
    // Per attempt: a redelivery after the receiver was enabled again records its answer again.
    const digest = createHash('sha256').update(`${deliveryId}#${attempt}`).digest('base64url');
    const commandId = `gone:${digest.slice(0, 32)}`;
    try {
      await send(commandId);
      logger.info({ deliveryId }, `${what} gone: recorded`);
    } catch (error) {
      logger.warn({ err: error, deliveryId }, `${what} gone, but not recorded`);
    }
  };
  return {
    async pushSubscription(delivery, endpoint) {
      const { person } = delivery;
      if (person === null) return;
      const context = { now: new Date(), actor: NOTIFIER_ACTOR };
      await record(delivery, 'push subscription', (commandId) => {
        if (person.kind === 'customer') {
          const command = {
            type: 'RemoveCustomerPushSubscription' as const,
            data: { customerId: person.id, endpoint },
          };
          return customers.handle({ streamId: streamId('customer', person.id), command, context, commandId });
        }
        const command = { type: 'RemoveStaffPushSubscription' as const, data: { staffId: person.id, endpoint } };
        return staff.handle({ streamId: streamId('staff', person.id), command, context, commandId });
      });
    },
    async webhookEndpoint(delivery) {
      const endpointId = delivery.recipient;
      const context = { now: new Date(), actor: NOTIFIER_ACTOR };
      const reason = 'The endpoint answered 410 Gone';
      const command = { type: 'DisableWebhookEndpoint' as const, data: { endpointId, reason } };
      await record(delivery, 'webhook endpoint', (commandId) =>
        webhooks.handle({ streamId: streamId('webhook', endpointId), command, context, commandId }),
      );
    },
  };
}
