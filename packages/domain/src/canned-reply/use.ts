import type { ChatSession } from '../chat/state.js';
import type { Id } from '../shared/actor.js';
import { DomainError } from '../shared/errors.js';
import type { TicketCommandOf } from '../ticket/commands.js';
import type { Ticket } from '../ticket/state.js';
import type { Visibility } from '../ticket/values.js';
import {
  type CannedReplyPlaceholder,
  firstNameOf,
  type PlaceholderValues,
  placeholdersIn,
  renderCannedReply,
} from './placeholders.js';
import type { CannedReply, CannedReplyLibrary } from './state.js';

/** Who a canned reply speaks of: the ticket's customer and the staff member replying (names may be unknown). */
export interface CannedReplyPeople {
  readonly customer: { readonly name: string; readonly email: string | null } | null;
  /** The replier's name: their agent profile's, else their staff profile's; null when neither exists. */
  readonly replierName: string | null;
}

/** The values of every placeholder for a reply on `ticket`; unknown people leave theirs missing. */
export function placeholderValues(ticket: Ticket, people: CannedReplyPeople): PlaceholderValues {
  return { 'ticket.id': ticket.ticketId, 'ticket.subject': ticket.subject, ...peopleValues(people) };
}

/**
 * The placeholders a message in a chat can fill: its customer's and the agent's (`customer.*`,
 * `agent.*`). A chat has no ticket's id or subject, so `ticket.*` are not among them.
 */
export const CHAT_PLACEHOLDERS = [
  'customer.name',
  'customer.firstName',
  'customer.email',
  'agent.name',
  'agent.firstName',
] as const satisfies readonly CannedReplyPlaceholder[];

/**
 * Whether a canned reply with `body` can be used in a chat: every placeholder it names is one a
 * chat fills ({@link CHAT_PLACEHOLDERS}). A reply naming the ticket cannot; the chat console
 * offers it as unusable rather than letting the agent pick it and be refused.
 */
export function usableInChat(body: string): boolean {
  return placeholdersIn(body).every((name) => (CHAT_PLACEHOLDERS as readonly string[]).includes(name));
}

/**
 * The values of the placeholders a message in a chat can fill ({@link CHAT_PLACEHOLDERS}); the
 * people's values, unknown ones missing.
 */
export function chatPlaceholderValues(people: CannedReplyPeople): PlaceholderValues {
  return peopleValues(people);
}

function peopleValues(people: CannedReplyPeople): PlaceholderValues {
  return {
    'customer.name': people.customer?.name ?? null,
    'customer.firstName': firstNameOf(people.customer?.name),
    'customer.email': people.customer?.email ?? null,
    'agent.name': people.replierName,
    'agent.firstName': firstNameOf(people.replierName),
  };
}

/** The reply `staffId` may use: the shared ones and their own; another's personal reply is `NOT_FOUND`, like one that does not exist. */
function usableCannedReply(library: CannedReplyLibrary, cannedReplyId: Id, staffId: Id): CannedReply {
  const reply = library.replies[cannedReplyId];
  if (reply === undefined || (reply.ownerId !== null && reply.ownerId !== staffId)) {
    throw new DomainError('NOT_FOUND', `Canned reply ${cannedReplyId} does not exist`, { cannedReplyId });
  }
  return reply;
}

/**
 * The agent's reply a canned reply makes on `ticket`, rendered for its people, moving the ticket
 * to the reply's next status (an internal note moves nothing). `staffId` sees only the shared
 * replies and their own: another's personal reply is `NOT_FOUND`, like one that does not exist.
 */
export function replyFromCannedReply(
  library: CannedReplyLibrary,
  cannedReplyId: Id,
  staffId: Id,
  ticket: Ticket,
  people: CannedReplyPeople,
  visibility: Visibility = 'public',
): TicketCommandOf<'ReplyToTicket'> {
  const reply = usableCannedReply(library, cannedReplyId, staffId);
  const body = renderCannedReply(reply.definition.body, placeholderValues(ticket, people));
  const { nextStatus, closeReason } = reply.definition;
  const moves = visibility === 'public' && nextStatus !== null;
  return {
    type: 'ReplyToTicket',
    data: {
      ticketId: ticket.ticketId,
      body,
      visibility,
      ...(moves ? { nextStatus } : {}),
      // Definitions saved before replies had a close reason read as none.
      ...(moves && nextStatus === 'closed' && closeReason ? { closeReason } : {}),
    },
  };
}

/**
 * The text canned reply `cannedReplyId` makes in `chat`, for `staffId` to send (or edit first):
 * rendered with the chat's customer and the agent (`chatPlaceholderValues`). A reply naming the
 * ticket (`{{ticket.subject}}`) has no value in a chat: `MISSING_PLACEHOLDER_VALUE`, as any missing
 * value; another's personal reply is `NOT_FOUND`. A chat has no next status: the text is all.
 */
export function chatTextFromCannedReply(
  library: CannedReplyLibrary,
  cannedReplyId: Id,
  staffId: Id,
  chat: ChatSession,
  people: CannedReplyPeople,
): { readonly chatId: Id; readonly body: string } {
  const reply = usableCannedReply(library, cannedReplyId, staffId);
  return { chatId: chat.chatId, body: renderCannedReply(reply.definition.body, chatPlaceholderValues(people)) };
}
