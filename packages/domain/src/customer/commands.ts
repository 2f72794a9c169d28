import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { EmailAddress } from '../shared/email-address.js';
import { defineCommand } from '../shared/messages.js';
import { PlanName } from '../shared/plan.js';
import { PushSubscription } from '../shared/push.js';
import { Instant } from '../shared/time.js';
import { HttpUrl } from '../shared/url.js';
import { LanguageTag } from '../shared/values.js';
import { PhoneNumber } from '../ticket/callback-values.js';
import { DEFAULT_DELIVERY_PREFERENCE, DeliveryPreference } from '../ticket/notifications.js';
import { ChatSlotFields, ChatSlotReleaseCause, ChatsPerCustomer } from './chat-slot-values.js';
import { BounceReason } from './email-bounce.js';
import { EmailConfirmationValidity } from './email-confirmation.js';

const Name = z.string().trim().min(1).max(200);
const Email = EmailAddress;
/** A company name, as the customer's CRM calls it. */
const Label = z.string().trim().min(1).max(200);
/** An IANA zone name (`Europe/Paris`); one the time-zone database does not know is `UNKNOWN_TIME_ZONE`. */
const ZoneName = z.string().trim().min(1).max(64);

/**
 * Creates a customer's profile; the preference defaults to `both` (web, email and push). The plan
 * and "customer since" (an import's earlier date) are staff's to set.
 */
export const RegisterCustomer = defineCommand('RegisterCustomer', {
  customerId: Id,
  name: Name,
  email: Email.optional(),
  language: LanguageTag.optional(),
  company: Label.optional(),
  plan: PlanName.optional(),
  /** When they became a customer, when earlier than this registration (an import); not in the future. */
  customerSince: Instant.optional(),
  /** The number on file: a callback booked without one calls it. */
  phone: PhoneNumber.optional(),
  /** Where the customer lives: the dates and times they are told are shown in it (UTC without one). */
  timeZone: ZoneName.optional(),
  deliveryPreference: DeliveryPreference.default(DEFAULT_DELIVERY_PREFERENCE),
  /** How long an address the customer gives themself stays confirmable; the server sets it. */
  confirmWithinMs: EmailConfirmationValidity.optional(),
});

/**
 * Changes who the customer is: each field given replaces the profile's (`null` clears an
 * optional one); fields left out stay as they are. The plan is staff's to change.
 */
export const UpdateCustomerProfile = defineCommand('UpdateCustomerProfile', {
  customerId: Id,
  name: Name.optional(),
  email: Email.nullable().optional(),
  language: LanguageTag.nullable().optional(),
  company: Label.nullable().optional(),
  plan: PlanName.nullable().optional(),
  phone: PhoneNumber.nullable().optional(),
  timeZone: ZoneName.nullable().optional(),
  /** How long an address the customer gives themself stays confirmable; the server sets it. */
  confirmWithinMs: EmailConfirmationValidity.optional(),
});

/**
 * Makes the address a customer gave themself theirs, once they prove it reaches them: `email` and
 * `expiresAt` are those of the pending request, as the signed link sent to it carries them.
 */
export const ConfirmCustomerEmail = defineCommand('ConfirmCustomerEmail', {
  customerId: Id,
  email: Email,
  expiresAt: Instant,
});

/**
 * Records that mail to `address` came back undeliverable for good (a hard bounce): while it is
 * the profile's address, the customer is told in-app instead of by mail.
 */
export const RecordEmailBounce = defineCommand('RecordEmailBounce', {
  customerId: Id,
  address: Email,
  reason: BounceReason,
});

/**
 * Records that mail to `address` failed for now (a soft bounce); the customer's rule counts them
 * (`softBouncesCountAsHard`): enough in a week mark the address as a hard bounce does.
 */
export const RecordEmailSoftBounce = defineCommand('RecordEmailSoftBounce', {
  customerId: Id,
  address: Email,
  reason: BounceReason,
});

/** Changes how the customer wants to be told about their tickets. */
export const SetDeliveryPreference = defineCommand('SetDeliveryPreference', {
  customerId: Id,
  preference: DeliveryPreference,
});

/** Records a browser or device where the customer accepts Web Push notifications. */
export const RegisterCustomerPushSubscription = defineCommand('RegisterCustomerPushSubscription', {
  customerId: Id,
  subscription: PushSubscription,
});

/** Forgets a push subscription (the browser unsubscribed, or the push service said it is gone). */
export const RemoveCustomerPushSubscription = defineCommand('RemoveCustomerPushSubscription', {
  customerId: Id,
  endpoint: HttpUrl,
});

/**
 * Takes an open-chat slot for a chat about to start (the first half of every chat start; see
 * `reserveChatSlot`): refused with `CHAT_ALREADY_OPEN` when the customer starts it themself and
 * already holds `limit` open chats (0: no limit). `handOver` is the `StartChat` that completes it.
 */
export const ReserveChatSlot = defineCommand('ReserveChatSlot', { ...ChatSlotFields, limit: ChatsPerCustomer });

/** Gives an open-chat slot back: its chat closed or became a ticket, or its start did not happen. */
export const ReleaseChatSlot = defineCommand('ReleaseChatSlot', {
  customerId: Id,
  chatId: Id,
  reservationId: ChatSlotFields.reservationId.optional(),
  cause: ChatSlotReleaseCause,
  reason: z.string().trim().min(1).max(2000).optional(),
});

/**
 * Merges the customer into `into`, for good (see `mergeCustomer`): the engine's own, when a widget
 * visitor identifies as `into`.
 */
export const MergeCustomer = defineCommand('MergeCustomer', {
  customerId: Id,
  into: Id,
  reason: z.string().trim().min(1).max(2000),
});

/** Every command of the customer stream. */
export const CustomerCommand = z.discriminatedUnion('type', [
  RegisterCustomer,
  UpdateCustomerProfile,
  ConfirmCustomerEmail,
  RecordEmailBounce,
  RecordEmailSoftBounce,
  SetDeliveryPreference,
  RegisterCustomerPushSubscription,
  RemoveCustomerPushSubscription,
  ReserveChatSlot,
  ReleaseChatSlot,
  MergeCustomer,
]);
/** A customer command as callers write it (defaults may be left out). */
export type CustomerCommand = z.input<typeof CustomerCommand>;
