import { customerNotifications, type DeliveryPreference, type TicketEvent } from '@support-engine/domain';
import type { ProjectedEvent } from '../../events.js';
import type { ReadModelTransaction } from '../../projection.js';
import { chunksFor } from '../chunks.js';

/** The preference of a customer the read models have not seen a choice from. */
export const DEFAULT_DELIVERY_PREFERENCE: DeliveryPreference = 'both';

/** A row of a customer's in-app inbox. */
export interface InboxRow {
  notification_id: string;
  customer_id: string;
  ticket_id: string;
  kind: string;
  text: string;
  channels: string[];
  created_at: string;
}

/**
 * The inbox row an event produces for the ticket's customer, if any: the domain's notification
 * policy decides what to say and on which channels; only notifications that include the `web`
 * channel land in the in-app inbox. The id is the domain's deterministic notification id (the
 * event's stream and version), so applying the event again never adds a second row.
 */
export function inboxRowFor(
  event: ProjectedEvent<TicketEvent>,
  ticket: { ticketId: string; subject: string; customerId: string },
  preference: DeliveryPreference,
): InboxRow | null {
  const position = { streamId: event.log.streamId, eventIndex: event.log.streamVersion };
  const [notification] = customerNotifications(event, ticket, preference, position);
  if (!notification?.channels.includes('web')) return null;
  return {
    notification_id: notification.id,
    customer_id: ticket.customerId,
    ticket_id: ticket.ticketId,
    kind: notification.kind,
    text: notification.text,
    channels: [...notification.channels],
    created_at: event.data.at,
  };
}

/** Each customer's delivery preference, the default for customers without a row. */
export async function loadPreferences(
  trx: ReadModelTransaction,
  customerIds: readonly string[],
): Promise<Map<string, DeliveryPreference>> {
  const preferences = new Map<string, DeliveryPreference>(customerIds.map((id) => [id, DEFAULT_DELIVERY_PREFERENCE]));
  for (const slice of chunksFor(customerIds, 1)) {
    const rows = await trx
      .selectFrom('customers')
      .select(['customer_id', 'delivery_preference'])
      .where('customer_id', 'in', slice)
      .execute();
    for (const row of rows) preferences.set(row.customer_id, row.delivery_preference as DeliveryPreference);
  }
  return preferences;
}

/** Records customers on first sight, with the default preference. */
export async function saveCustomers(trx: ReadModelTransaction, firstSeen: ReadonlyMap<string, string>): Promise<void> {
  const rows = [...firstSeen].map(([customer_id, first_seen_at]) => ({
    customer_id,
    delivery_preference: DEFAULT_DELIVERY_PREFERENCE,
    first_seen_at,
  }));
  for (const slice of chunksFor(rows, 3)) {
    await trx
      .insertInto('customers')
      .values(slice)
      .onConflict((oc) => oc.column('customer_id').doNothing())
      .execute();
  }
}

/** Stores delivery preferences set by customer-profile events (the latest wins). */
export async function savePreferences(
  trx: ReadModelTransaction,
  preferences: ReadonlyMap<string, DeliveryPreference>,
): Promise<void> {
  for (const [customer_id, delivery_preference] of preferences) {
    await trx.updateTable('customers').set({ delivery_preference }).where('customer_id', '=', customer_id).execute();
  }
}

/** Adds inbox rows; a row already there (same deterministic id) is kept, never duplicated. */
export async function saveInboxRows(trx: ReadModelTransaction, rows: readonly InboxRow[]): Promise<void> {
  for (const slice of chunksFor(rows, 7)) {
    await trx
      .insertInto('customer_notifications')
      .values(slice)
      .onConflict((oc) => oc.column('notification_id').doNothing())
      .execute();
  }
}
