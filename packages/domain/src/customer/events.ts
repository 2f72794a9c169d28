import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { LanguageTag } from '../shared/values.js';
import { DeliveryPreference } from '../ticket/notifications.js';

/** A customer profile was created. */
export const CustomerRegistered = defineEvent('CustomerRegistered', {
  customerId: Id,
  name: z.string(),
  email: z.string().optional(),
  language: LanguageTag.optional(),
  deliveryPreference: DeliveryPreference,
});

/** The customer's delivery preference changed. */
export const CustomerDeliveryPreferenceChanged = defineEvent('CustomerDeliveryPreferenceChanged', {
  customerId: Id,
  preference: DeliveryPreference,
  previous: DeliveryPreference,
});

/** Every event of the customer profile. */
export const CustomerEvent = z.discriminatedUnion('type', [CustomerRegistered, CustomerDeliveryPreferenceChanged]);
export type CustomerEvent = z.infer<typeof CustomerEvent>;

/** The customer profile's event types, for the event schema registry. */
export const CUSTOMER_EVENT_TYPES = CustomerEvent.options.map((option) => option.shape.type.value);
