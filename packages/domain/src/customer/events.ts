import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { PushSubscription } from '../shared/push.js';
import { Instant } from '../shared/time.js';
import { LanguageTag } from '../shared/values.js';
import { DeliveryPreference } from '../ticket/notifications.js';
import { ChatSlotFields, ChatSlotReleaseCause } from './chat-slot-values.js';

/** A customer profile was created. */
export const CustomerRegistered = defineEvent('CustomerRegistered', {
  customerId: Id,
  name: z.string(),
  email: z.string().optional(),
  language: LanguageTag.optional(),
  company: z.string().optional(),
  plan: z.string().optional(),
  /** International form (`+` and digits). */
  phone: z.string().max(32).optional(),
  /** When they became a customer, when earlier than the registration (an import). */
  customerSince: Instant.optional(),
  /** An IANA zone, as the time-zone database spells it. */
  timeZone: z.string().max(64).optional(),
  deliveryPreference: DeliveryPreference,
});

/** Who the customer is changed: the profile's fields as they are now (null: not set). */
export const CustomerProfileUpdated = defineEvent('CustomerProfileUpdated', {
  customerId: Id,
  name: z.string(),
  email: z.string().nullable(),
  language: LanguageTag.nullable(),
  company: z.string().nullable(),
  plan: z.string().nullable(),
  /** Absent from updates recorded before profiles held a phone number (they left it unset). */
  phone: z.string().max(32).nullable().optional(),
  /** Absent from updates recorded before profiles held a time zone (they left it unset). */
  timeZone: z.string().max(64).nullable().optional(),
});

/**
 * The customer gave themself an address, not theirs until they confirm it reaches them (the
 * profile keeps the confirmed one meanwhile); only the confirmation mail goes to it. A newer
 * request replaces it.
 */
export const CustomerEmailChangeRequested = defineEvent('CustomerEmailChangeRequested', {
  customerId: Id,
  email: z.string(),
  /** Until when it can be confirmed. */
  expiresAt: Instant,
});

/** The customer confirmed the address they requested: it is the profile's from now on. */
export const CustomerEmailConfirmed = defineEvent('CustomerEmailConfirmed', {
  customerId: Id,
  email: z.string(),
  /** The address it replaces (null: none). */
  previous: z.string().nullable(),
});

/**
 * Mail to the profile's address came back undeliverable for good (a hard bounce): no more mail
 * goes there until the address changes; the customer is told in-app instead.
 */
export const CustomerEmailBounced = defineEvent('CustomerEmailBounced', {
  customerId: Id,
  address: z.string(),
  reason: z.string(),
});

/**
 * Mail to the profile's address failed for now (a soft bounce: a full mailbox, a server down):
 * it is still mailed; enough of them in a week make a hard bounce (`softBouncesCountAsHard`).
 */
export const CustomerEmailSoftBounced = defineEvent('CustomerEmailSoftBounced', {
  customerId: Id,
  address: z.string(),
  reason: z.string(),
});

/** The customer's delivery preference changed. */
export const CustomerDeliveryPreferenceChanged = defineEvent('CustomerDeliveryPreferenceChanged', {
  customerId: Id,
  preference: DeliveryPreference,
  previous: DeliveryPreference,
});

/** The customer accepts Web Push notifications at a new browser or device. */
export const CustomerPushSubscribed = defineEvent('CustomerPushSubscribed', {
  customerId: Id,
  subscription: PushSubscription,
});

/** A customer's push subscription was removed. */
export const CustomerPushUnsubscribed = defineEvent('CustomerPushUnsubscribed', {
  customerId: Id,
  endpoint: z.string(),
});

/**
 * One of the customer's open-chat slots is taken for a chat about to start; `handOver` is the
 * `StartChat` that completes it (the chat's first event carries its command id).
 */
export const CustomerChatSlotReserved = defineEvent('CustomerChatSlotReserved', ChatSlotFields);

/** An open-chat slot was given back: its chat closed or became a ticket, or never started. */
export const CustomerChatSlotReleased = defineEvent('CustomerChatSlotReleased', {
  customerId: Id,
  chatId: Id,
  reservationId: ChatSlotFields.reservationId,
  reservedAt: Instant,
  cause: ChatSlotReleaseCause,
});

/**
 * The customer was merged into `into` (a widget visitor who identified as that customer): their
 * chats and tickets move there (each records its own `ChatCustomerChanged` / `TicketCustomerChanged`),
 * and this customer starts nothing more (`CUSTOMER_MERGED`). The provenance says who merged and why.
 */
export const CustomerMerged = defineEvent('CustomerMerged', { customerId: Id, into: Id });

/** The events of the customer profile proper: who they are and how they want to be told. */
export const CustomerProfileEvent = z.discriminatedUnion('type', [
  CustomerRegistered,
  CustomerProfileUpdated,
  CustomerEmailChangeRequested,
  CustomerEmailConfirmed,
  CustomerEmailBounced,
  CustomerEmailSoftBounced,
  CustomerDeliveryPreferenceChanged,
  CustomerMerged,
]);
export type CustomerProfileEvent = z.infer<typeof CustomerProfileEvent>;

/** Every event of the customer stream: the profile's, the push subscriptions' and the open-chat ledger's. */
export const CustomerEvent = z.discriminatedUnion('type', [
  ...CustomerProfileEvent.options,
  CustomerPushSubscribed,
  CustomerPushUnsubscribed,
  CustomerChatSlotReserved,
  CustomerChatSlotReleased,
]);
export type CustomerEvent = z.infer<typeof CustomerEvent>;

/** The customer stream's event types, for the event schema registry. */
export const CUSTOMER_EVENT_TYPES = CustomerEvent.options.map((option) => option.shape.type.value);

/** The profile's event types, for readers that only care who the customer is and their preference. */
export const CUSTOMER_PROFILE_EVENT_TYPES = CustomerProfileEvent.options.map((option) => option.shape.type.value);
