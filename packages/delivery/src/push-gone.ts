import { createHash } from 'node:crypto';
import { type Actor, createDomainEventRegistry, customerDecider, staffDecider, streamId } from '@support-engine/domain';
import { createCommandHandler, type EventStore } from '@support-engine/eventstore';
import type { Logger } from 'pino';
import type { ClaimedDelivery } from './outbox.js';

/** Who forgets the subscriptions push services say are gone. */
export const NOTIFIER_ACTOR: Actor = { id: 'notifier', role: 'system' };

/**
 * Forgets a push subscription its push service answered 404 or 410 for, in its holder's own
 * stream (`CustomerPushUnsubscribed` or `StaffPushUnsubscribed`, by the system): history shows
 * why the browser stopped being told, and the notifier plans nothing more to it. One command per
 * delivery (its id derives from the delivery's), and nothing when the subscription is already
 * forgotten, so retries and several dispatchers record it once. A failure is logged: the next
 * delivery to the same endpoint meets the same answer and tries again.
 */
export function forgetGonePushSubscriptions(store: EventStore, logger: Logger) {
  const registry = createDomainEventRegistry();
  const customers = createCommandHandler({ store, registry, decider: customerDecider });
  const staff = createCommandHandler({ store, registry, decider: staffDecider });
  return async (delivery: ClaimedDelivery, endpoint: string): Promise<void> => {
    const { person, deliveryId } = delivery;
    if (person === null) return;
    const commandId = `push-gone:${createHash('sha256').update(deliveryId).digest('base64url').slice(0, 32)}`;
    const context = { now: new Date(), actor: NOTIFIER_ACTOR };
    try {
      if (person.kind === 'customer') {
        const command = { type: 'RemoveCustomerPushSubscription' as const, data: { customerId: person.id, endpoint } };
        await customers.handle({ streamId: streamId('customer', person.id), command, context, commandId });
      } else {
        const command = { type: 'RemoveStaffPushSubscription' as const, data: { staffId: person.id, endpoint } };
        await staff.handle({ streamId: streamId('staff', person.id), command, context, commandId });
      }
      logger.info({ person, deliveryId }, 'push subscription gone: forgotten');
    } catch (error) {
      logger.warn({ err: error, person, deliveryId }, 'push subscription gone, but not forgotten');
    }
  };
}
