import type { Id } from '../shared/actor.js';
import type { DeliveryPreference } from '../ticket/notifications.js';

/** A registered customer's profile, or null before registration. */
export type CustomerState = {
  readonly customerId: Id;
  readonly name: string;
  readonly email: string | null;
  readonly language: string | null;
  readonly deliveryPreference: DeliveryPreference;
} | null;
