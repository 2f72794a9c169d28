import { DomainError, isDomainError } from '@support-engine/domain';
import { acceptedHeldMailReply, type HeldMail, heldMailDecider } from '@support-engine/domain/held-mail';
import { ticketDecider } from '@support-engine/domain/ticket';
import type { CommandActor, CommandBus, Sent } from './bus.js';
import { heldMailReplyCommandId } from './ids.js';

/** What accepting a held message wrote: the held stream's events, and the ticket's reply (its checkpoint). */
export interface HeldMailAcceptance {
  /** The held stream's events, with a checkpoint that covers the ticket's reply. */
  readonly sent: Sent;
  readonly ticketId: string;
}

/**
 * Accepts a held message: `HeldMailAccepted` on its stream (under `commandId`), then the
 * message on its ticket as the customer's reply, under a command id derived from the held
 * message, so however often this runs the ticket records it once. A run that stopped between the
 * two writes is completed by the next try: the message found accepted, its reply is written (the
 * same command id answering with the first outcome if it was), and the try is still refused as
 * `HELD_MAIL_DECIDED` unless it repeats the acceptance's own command id.
 */
export async function acceptHeldMail(
  bus: CommandBus,
  input: { readonly heldMailId: string; readonly note?: string },
  actor: CommandActor,
  commandId: string,
): Promise<HeldMailAcceptance> {
  const command = { type: 'AcceptHeldMail' as const, data: input };
  let accepted: Sent;
  try {
    accepted = await bus.send('heldmail', input.heldMailId, command, actor, commandId);
  } catch (error) {
    if (isDomainError(error) && error.code === 'HELD_MAIL_DECIDED') {
      const held = await bus.fold('heldmail', input.heldMailId, heldMailDecider);
      if (held?.status === 'accepted') await addToTicket(bus, held);
    }
    throw error;
  }
  const held = await bus.fold('heldmail', input.heldMailId, heldMailDecider);
  if (held === null) throw new DomainError('NOT_FOUND', `Held mail ${input.heldMailId} does not exist`, input);
  const replied = await addToTicket(bus, held);
  return { sent: { ...accepted, checkpoint: replied.checkpoint }, ticketId: held.ticketId };
}

/** The held message on its ticket, as its customer's reply (the customer wrote it; staff only let it in). */
async function addToTicket(bus: CommandBus, held: HeldMail): Promise<Sent> {
  const ticket = await bus.fold('ticket', held.ticketId, ticketDecider);
  if (ticket === null)
    throw new DomainError('NOT_FOUND', `Ticket ${held.ticketId} does not exist`, { ticketId: held.ticketId });
  const customer = { id: ticket.customerId, role: 'customer' as const };
  return bus.send(
    'ticket',
    held.ticketId,
    acceptedHeldMailReply(held),
    customer,
    heldMailReplyCommandId(held.heldMailId),
  );
}
