import type { Id } from '../shared/actor.js';
import type { PushSubscription } from '../shared/push.js';
import type { DeliveryPreference } from '../ticket/notifications.js';
import type { OpenChatSlot } from './chat-slot-values.js';

/** An address the customer gave themself, waiting for them to confirm it reaches them. */
export type PendingEmail = { readonly email: string; readonly expiresAt: string };

/** A registered customer's profile. */
export type CustomerProfile = {
  readonly customerId: Id;
  readonly name: string;
  /** The confirmed address: the only one mail goes to. */
  readonly email: string | null;
  /** The address the customer gave themself, until they confirm it (or a newer one replaces it). */
  readonly pendingEmail: PendingEmail | null;
  /** The address as it bounced hard, while the profile still holds it (`standingBounce`); null: none. */
  readonly bouncedEmail: string | null;
  /** When mail to the address failed for now (soft bounces, ISO, the latest few), while the profile holds it. */
  readonly softBounces: readonly string[];
  readonly language: string | null;
  readonly company: string | null;
  readonly plan: string | null;
  /** The number on file (international form), called when a callback names none. */
  readonly phone: string | null;
  /** The IANA zone the customer's dates and times are shown in; `null`: UTC. */
  readonly timeZone: string | null;
  /** "Customer since": when they registered, or the earlier date an import gave. */
  readonly registeredAt: string;
  readonly deliveryPreference: DeliveryPreference;
};

/**
 * The customer stream: the profile (null before registration), the push subscriptions, and the
 * ledger of open chats. Neither subscriptions nor chats wait for a profile: a customer who only
 * ever opened tickets or chats is notified too, with the default preference.
 */
export type CustomerState = {
  readonly profile: CustomerProfile | null;
  readonly pushSubscriptions: readonly PushSubscription[];
  /** The chats the customer holds open, oldest first (a slot is taken before the chat starts). */
  readonly openChats: readonly OpenChatSlot[];
  /** The customer this one was merged into (`CustomerMerged`); null while it is a customer of its own. */
  readonly mergedInto: Id | null;
};

/** A customer stream with no events. */
export const initialCustomerState: CustomerState = {
  profile: null,
  pushSubscriptions: [],
  openChats: [],
  mergedInto: null,
};
