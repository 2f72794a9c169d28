import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineCommand } from '../shared/messages.js';
import { LanguageTag } from '../shared/values.js';
import { ActivitySignalType, SignalDetail } from './signals.js';

/**
 * Records one activity signal, timestamped with the command's `now` (the tracker sends signals
 * as they happen). Sent by the system (tracker) or by the customer's own session.
 */
export const RecordCustomerActivity = defineCommand('RecordCustomerActivity', {
  customerId: Id,
  signalId: Id,
  signalType: ActivitySignalType,
  detail: SignalDetail.optional(),
});

/** The customer accepts the pending suggestion; `ticketId` is the id the ticket will be opened with. */
export const AcceptSuggestion = defineCommand('AcceptSuggestion', {
  customerId: Id,
  suggestionId: Id,
  ticketId: Id,
  /** The customer's language (their profile's): the ticket is written in it. Left out: English. */
  language: LanguageTag.optional(),
});

/** The customer declines the pending suggestion. */
export const DismissSuggestion = defineCommand('DismissSuggestion', { customerId: Id, suggestionId: Id });

/** Every command of the customer activity stream. */
export const CustomerActivityCommand = z.discriminatedUnion('type', [
  RecordCustomerActivity,
  AcceptSuggestion,
  DismissSuggestion,
]);
export type CustomerActivityCommand = z.input<typeof CustomerActivityCommand>;
