import type { CommandBus } from '@support-engine/application';
import { DomainError } from '@support-engine/domain';
import { agentDecider } from '@support-engine/domain/agent';
import {
  CANNED_REPLY_LIBRARY_ID,
  type CannedReplyLibrary,
  type CannedReplyPeople,
  cannedRepliesDecider,
  chatTextFromCannedReply,
  replyFromCannedReply,
} from '@support-engine/domain/canned-reply';
import { chatDecider } from '@support-engine/domain/chat';
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
  const { library, people } = await libraryAndPeople(bus, principal, ticket.customerId);
  return replyFromCannedReply(library, cannedReplyId, principal.id, ticket, people, visibility);
}

/**
 * The text `cannedReplyId` makes in chat `chatId` for `principal`: its placeholders filled from
 * the chat's customer and the agent (as on a ticket). What `chatCannedReplyDraft` shows.
 */
export async function cannedReplyForChat(
  bus: CommandBus,
  principal: Principal,
  chatId: string,
  cannedReplyId: string,
): Promise<{ readonly chatId: string; readonly body: string }> {
  const chat = await bus.fold('chat', chatId, chatDecider);
  if (chat.status === 'none') throw new DomainError('NOT_FOUND', `Chat ${chatId} does not exist`, { chatId });
  const { library, people } = await libraryAndPeople(bus, principal, chat.customerId);
  return chatTextFromCannedReply(library, cannedReplyId, principal.id, chat, people);
}

/** The canned replies, and the people a reply speaks of: the customer and the replier. */
async function libraryAndPeople(
  bus: CommandBus,
  principal: Principal,
  customerId: string,
): Promise<{ library: CannedReplyLibrary; people: CannedReplyPeople }> {
  const [library, customer, agent, staff] = await Promise.all([
    bus.fold('cannedreplies', CANNED_REPLY_LIBRARY_ID, cannedRepliesDecider),
    bus.fold('customer', customerId, customerDecider),
    bus.fold('agent', principal.id, agentDecider),
    bus.fold('staff', principal.id, staffDecider),
  ]);
  return {
    library,
    people: {
      customer: customer.profile,
      replierName: ('name' in agent ? agent.name : null) ?? staff.profile?.name ?? null,
    },
  };
}
