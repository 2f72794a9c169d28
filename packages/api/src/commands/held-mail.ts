import { acceptHeldMail } from '@support-engine/application';
import { Id } from '@support-engine/domain';
import { HeldMailNote } from '@support-engine/domain/held-mail';
import { z } from 'zod';
import { type CommandSpec, defineCommand, defineMutation } from './spec.js';

const decision = z.object({ heldMailId: Id, note: HeldMailNote.optional() }).strict();

/** The mutations of held mail (docs/email.md#held-mail): staff accept or discard a held message, once. */
export const HELD_MAIL_COMMANDS = {
  acceptHeldMail: defineMutation(
    "Accepts a held message: it is added to the ticket it names as the customer's message, with its files and mail origin (once, however often this is sent). NOT_FOUND for no such message; HELD_MAIL_DECIDED for one already accepted or discarded.",
    decision,
    async (input, env) => {
      const { sent, ticketId } = await acceptHeldMail(env.bus, input, env.principal, env.commandId);
      return { id: input.heldMailId, sent, ticketId };
    },
  ),
  discardHeldMail: defineCommand(
    'Discards a held message: it never reaches its ticket. NOT_FOUND for no such message; HELD_MAIL_DECIDED for one already accepted or discarded.',
    decision,
    'heldmail',
    (input) => input.heldMailId,
    (input) => ({ type: 'DiscardHeldMail', data: input }),
  ),
} satisfies Record<string, CommandSpec>;
