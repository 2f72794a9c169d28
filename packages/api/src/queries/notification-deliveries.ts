import {
  type DeliveryStatus,
  listNotificationDeliveries,
  type NotificationDeliveryChannel,
} from '@support-engine/delivery';
import { EMPTY_CONNECTION } from '@support-engine/eventstore-postgres';
import { defineQuery } from '../graphql/secure.js';

/**
 * One channel's email or push deliveries, newest first, like an endpoint's webhook log (none
 * where delivery is not wired in). Read from the delivery tables: no consistency token.
 */
export const notificationDeliveries = defineQuery<{
  channel: NotificationDeliveryChannel;
  status?: DeliveryStatus | null;
  recipient?: string | null;
  first?: number | null;
  after?: string | null;
}>(null, async (args, context) => {
  const { delivery } = context.services.deps;
  if (delivery === undefined) return EMPTY_CONNECTION;
  return listNotificationDeliveries(delivery.db, {
    channel: args.channel,
    status: args.status ?? undefined,
    recipient: args.recipient ?? undefined,
    first: args.first ?? undefined,
    after: args.after ?? undefined,
  });
});
