import { z } from 'zod';
import { Id } from '../shared/actor.js';
import { defineCommand } from '../shared/messages.js';
import { HeldMailContent, HeldMailNote, HeldMailReason } from './values.js';

/** The mail ingress holds a message that names `ticketId` but whose sender it cannot trust. */
export const HoldMail = defineCommand('HoldMail', {
  heldMailId: Id,
  ticketId: Id,
  reason: HeldMailReason,
  content: HeldMailContent,
});

/** A staff member accepts a held message: it is added to its ticket as the customer's message. */
export const AcceptHeldMail = defineCommand('AcceptHeldMail', { heldMailId: Id, note: HeldMailNote.optional() });

/** A staff member discards a held message: it never reaches its ticket. */
export const DiscardHeldMail = defineCommand('DiscardHeldMail', { heldMailId: Id, note: HeldMailNote.optional() });

/** Every command of a held message's stream. */
export const HeldMailCommand = z.discriminatedUnion('type', [HoldMail, AcceptHeldMail, DiscardHeldMail]);
/** A held-mail command as callers write it (defaults may be left out). */
export type HeldMailCommand = z.input<typeof HeldMailCommand>;
