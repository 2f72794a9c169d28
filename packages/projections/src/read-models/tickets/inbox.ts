import { isEmailDeliverable } from '@support-engine/domain/customer';
import { localeFor, type TemplateOverrides } from '@support-engine/domain/notification';
import { type CustomerActivityEvent, suggestionNotifications } from '@support-engine/domain/proactive';
import {
  type CustomerNotification,
  customerNotifications,
  DEFAULT_DELIVERY_PREFERENCE,
  type DeliveryPreference,
  reachablePreference,
  type TicketEvent,
} from '@support-engine/domain/ticket';
import type { CustomerNotificationRow } from '@support-engine/inbox';
import type { ProjectedEvent } from '../../events.js';
import type { ReadModelTransaction } from '../../projection.js';
import { chunksFor } from '../chunks.js';

/** What the inbox needs to know of a customer's profile. */
export interface CustomerSettings {
  readonly preference: DeliveryPreference;
  /** The language the customer registered with, if any (a BCP 47 tag). */
  readonly language: string | null;
  /** The IANA zone their profile holds, which the dates they are told are shown in; `null`: UTC. */
  readonly timeZone: string | null;
  /**
   * Whether mail can reach them: their profile holds an address that has not bounced hard
   * (`email_only` without one is told in the inbox).
   */
  readonly hasEmail: boolean;
  /** Their address as it bounced hard, while they hold it (`standingBounce`); null: none. */
  readonly bouncedEmail: string | null;
  /** Whether their profile holds a phone number (a call booked without one asks them for it). */
  readonly hasPhone: boolean;
}

/** The settings of a customer without a profile event yet. */
export const DEFAULT_CUSTOMER_SETTINGS: CustomerSettings = {
  preference: DEFAULT_DELIVERY_PREFERENCE,
  language: null,
  timeZone: null,
  hasEmail: false,
  bouncedEmail: null,
  hasPhone: false,
};

/**
 * The inbox row an event produces for the ticket's customer, if any: the domain's notification
 * policy decides what to say and on which channels; only notifications that include the `web`
 * channel land in the in-app inbox. The text is in the customer's language, else the ticket's,
 * else English, from the deployment's own texts where it has them. The id is the domain's deterministic notification id (the event's stream and
 * version), so applying the event again never adds a second row.
 */
export function inboxRowFor(
  event: ProjectedEvent<TicketEvent>,
  ticket: { ticketId: string; subject: string; customerId: string; language: string | null },
  customer: CustomerSettings,
  templates?: TemplateOverrides,
): CustomerNotificationRow | null {
  const position = { streamId: event.log.streamId, eventIndex: event.log.streamVersion };
  const locale = localeFor(customer.language ?? ticket.language);
  const [notification] = customerNotifications(
    event,
    ticket,
    reachablePreference(customer.preference, customer.hasEmail),
    position,
    locale,
    templates,
    customer.timeZone,
    customer.hasPhone,
  );
  if (!notification?.channels.includes('web')) return null;
  return inboxRow(
    notification,
    { customer_id: ticket.customerId, ticket_id: ticket.ticketId, suggestion_id: null },
    event.data.at,
  );
}

/** A notification meant for the inbox as its row, about what `about` names. */
function inboxRow(
  notification: Pick<CustomerNotification, 'id' | 'kind' | 'template' | 'title' | 'text' | 'channels'>,
  about: Pick<CustomerNotificationRow, 'customer_id' | 'ticket_id' | 'suggestion_id'>,
  at: string,
): CustomerNotificationRow {
  const { id, kind, template, title, text, channels } = notification;
  return { notification_id: id, ...about, kind, template, title, text, channels: [...channels], created_at: at };
}

/** A proactive suggestion as it reaches the projections. */
export type ProjectedSuggestion = ProjectedEvent<Extract<CustomerActivityEvent, { type: 'ProactiveTicketSuggested' }>>;

/**
 * The inbox row telling a customer a ticket is offered to them, when their preference includes
 * the `web` channel: it names the suggestion (there is no ticket yet), in the customer's language.
 */
export function suggestionInboxRow(
  event: ProjectedSuggestion,
  customer: CustomerSettings,
  templates?: TemplateOverrides,
): CustomerNotificationRow | null {
  const position = { streamId: event.log.streamId, eventIndex: event.log.streamVersion };
  const locale = localeFor(customer.language ?? undefined);
  const preference = reachablePreference(customer.preference, customer.hasEmail);
  const [notification] = suggestionNotifications(event, preference, position, locale, templates);
  if (!notification?.channels.includes('web')) return null;
  const about = { customer_id: notification.customerId, ticket_id: null, suggestion_id: notification.suggestionId };
  return inboxRow(notification, about, event.data.at);
}

/** Each customer's settings, the defaults for customers without a row. */
export async function loadCustomerSettings(
  trx: ReadModelTransaction,
  customerIds: readonly string[],
): Promise<Map<string, CustomerSettings>> {
  const settings = new Map<string, CustomerSettings>(customerIds.map((id) => [id, DEFAULT_CUSTOMER_SETTINGS]));
  for (const slice of chunksFor(customerIds, 1)) {
    const rows = await trx
      .selectFrom('customers')
      .select(['customer_id', 'delivery_preference', 'language', 'time_zone', 'email', 'email_bounced', 'phone'])
      .where('customer_id', 'in', slice)
      .execute();
    for (const row of rows) {
      settings.set(row.customer_id, {
        preference: row.delivery_preference as DeliveryPreference,
        language: row.language,
        timeZone: row.time_zone,
        hasEmail: isEmailDeliverable(row.email, row.email_bounced),
        bouncedEmail: row.email_bounced,
        hasPhone: Boolean(row.phone),
      });
    }
  }
  return settings;
}

/** Records customers on first sight, with the default settings. */
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

/** Stores the settings customer-profile events set (the latest wins). */
export async function saveCustomerSettings(
  trx: ReadModelTransaction,
  changes: ReadonlyMap<string, CustomerSettings>,
): Promise<void> {
  for (const [customer_id, { preference, language, timeZone }] of changes) {
    await trx
      .updateTable('customers')
      .set({ delivery_preference: preference, language, time_zone: timeZone })
      .where('customer_id', '=', customer_id)
      .execute();
  }
}

/**
 * Who a customer is, as their profile events say: each event sets the columns it speaks of
 * (`registered_at` only registration, the pending address only its request and confirmation).
 */
export interface CustomerProfileColumns {
  readonly name?: string;
  readonly email?: string | null;
  readonly company?: string | null;
  readonly plan?: string | null;
  /** Left out by profile updates recorded before profiles held a number. */
  readonly phone?: string | null;
  readonly registered_at?: string;
  /** Left out by events that leave the pending address as it is. */
  readonly pending_email?: string | null;
  readonly pending_email_expires_at?: string | null;
  /** Left out by events that leave the bounce as it is. */
  readonly email_bounced?: string | null;
  /** Set by `CustomerEmailSoftBounced`: the address and when it last failed for now. */
  readonly email_soft_bounced?: string;
  readonly email_soft_bounced_at?: string;
  /** Set once, by `CustomerMerged`: the customer this one lives on as. */
  readonly merged_into?: string;
}

/** Stores the profiles customer-profile events set (the latest wins). */
export async function saveCustomerProfiles(
  trx: ReadModelTransaction,
  changes: ReadonlyMap<string, CustomerProfileColumns>,
): Promise<void> {
  for (const [customer_id, profile] of changes) {
    await trx.updateTable('customers').set(profile).where('customer_id', '=', customer_id).execute();
  }
}
