import type { CommandBus } from '@support-engine/application';
import { DomainError } from '@support-engine/domain';
import { agentDecider } from '@support-engine/domain/agent';
import {
  CANNED_REPLY_LIBRARY_ID,
  cannedRepliesDecider,
  replyFromCannedReply,
} from '@support-engine/domain/canned-reply';
import { customerDecider } from '@support-engine/domain/customer';
import { staffDecider } from '@support-engine/domain/staff';
import { type TicketCommandOf, ticketDecider, type Visibility } from '@support-engine/domain/ticket';
import type { Principal } from '../auth/tokens.js';

/**
 * The reply `cannedReplyId` makes on `ticketId` for `principal`: its placeholders filled from the
 * ticket, its customer and the replier (their agent profile's name, else their staff profile's),
 * with the reply's next status. What `replyWithCannedReply` sends and `cannedReplyDraft` shows.
 */
export async function cannedReplyForTicket(
  bus: CommandBus,
  principal: Principal,
  ticketId: string,
  cannedReplyId: string,
  visibility: Visibility,
): Promise<TicketCommandOf<'ReplyToTicket'>> {
  const ticket = await bus.fold('ticket', ticketId, ticketDecider);
  if (ticket === null) throw new DomainError('NOT_FOUND', `Ticket ${ticketId} does not exist`, { ticketId });
  const [library, customer, agent, staff] = await Promise.all([
    bus.fold('cannedreplies', CANNED_REPLY_LIBRARY_ID, cannedRepliesDecider),
    bus.fold('customer', ticket.customerId, customerDecider),
    bus.fold('agent', principal.id, agentDecider),
    bus.fold('staff', principal.id, staffDecider),
  ]);
  return replyFromCannedReply(
    library,
    cannedReplyId,
    principal.id,
    ticket,
    {
      customer: customer.profile,
      replierName: ('name' in agent ? agent.name : null) ?? staff.profile?.name ?? null,
    },
    visibility,
  );
}
