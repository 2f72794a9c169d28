import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { HeldMailContent, HeldMailNote, HeldMailReason } from './values.js';

/** A message naming `ticketId` was held, with all the ticket needs to record it on acceptance. */
export const MailHeld = defineEvent('MailHeld', {
  heldMailId: Id,
  ticketId: Id,
  reason: HeldMailReason,
  content: HeldMailContent,
});

/** A staff member accepted the held message; its ticket records it as the customer's message. */
export const HeldMailAccepted = defineEvent('HeldMailAccepted', {
  heldMailId: Id,
  ticketId: Id,
  note: HeldMailNote.optional(),
});

/** A staff member discarded the held message. */
export const HeldMailDiscarded = defineEvent('HeldMailDiscarded', {
  heldMailId: Id,
  ticketId: Id,
  note: HeldMailNote.optional(),
});

/** Every event of a held message's stream. */
export const HeldMailEvent = z.discriminatedUnion('type', [MailHeld, HeldMailAccepted, HeldMailDiscarded]);
export type HeldMailEvent = z.infer<typeof HeldMailEvent>;

/** The held-mail event types, for the event schema registry. */
export const HELD_MAIL_EVENT_TYPES = HeldMailEvent.options.map((option) => option.shape.type.value);
