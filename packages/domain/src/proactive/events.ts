import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { LanguageTag } from '../shared/values.js';
import { SuggestedPriority } from './rule.js';
import { ActivitySignal, ActivitySignalType, SignalDetail } from './signals.js';

const Suggestion = {
  customerId: Id,
  suggestionId: Id,
  subject: z.string().max(300),
  description: z.string().max(20_000),
  priority: SuggestedPriority,
  signals: z.array(ActivitySignal),
};

/** A signal from the customer's visit was recorded (its time is the event's `at`). */
export const CustomerActivityRecorded = defineEvent('CustomerActivityRecorded', {
  customerId: Id,
  signalId: Id,
  signalType: ActivitySignalType,
  detail: SignalDetail.optional(),
});

/** Enough critical signals came together: the customer is offered a ticket. */
export const ProactiveTicketSuggested = defineEvent('ProactiveTicketSuggested', Suggestion);

/** The customer accepted: open ticket `ticketId`, marked proactive, from this suggestion. */
export const SuggestionAccepted = defineEvent('SuggestionAccepted', {
  ...Suggestion,
  ticketId: Id,
  /** The language the ticket is written in, its subject and description with it (absent: English). */
  language: LanguageTag.optional(),
});

/** The customer declined the suggestion. */
export const SuggestionDismissed = defineEvent('SuggestionDismissed', { customerId: Id, suggestionId: Id });

/** Every event of the customer activity stream. */
export const CustomerActivityEvent = z.discriminatedUnion('type', [
  CustomerActivityRecorded,
  ProactiveTicketSuggested,
  SuggestionAccepted,
  SuggestionDismissed,
]);
export type CustomerActivityEvent = z.infer<typeof CustomerActivityEvent>;

/** The type names of every customer activity event. */
export const CUSTOMER_ACTIVITY_EVENT_TYPES = CustomerActivityEvent.options.map((option) => option.shape.type.value);
