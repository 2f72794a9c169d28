import type { z } from 'zod';
import { ineligibility, slotsOf } from '../agent/eligibility.js';
import type { Agent } from '../agent/state.js';
import { attachmentsField } from '../attachment/values.js';
import type { ChatConvertedToTicket } from '../chat/events.js';
import type { ChatPriority } from '../chat/state.js';
import { localeFor } from '../notification/templates.js';
import type { SuggestionAccepted } from '../proactive/events.js';
import { proactiveTicketWords } from '../proactive/rule.js';
import type { TicketPriority } from '../shared/values.js';
import type { OpenTicket } from '../ticket/commands.js';
import { hasMessageContent } from '../ticket/values.js';

/** An `OpenTicket` command as callers write it. */
export type OpenTicketCommand = z.input<typeof OpenTicket>;

const PRIORITY_OF_CHAT: Readonly<Record<ChatPriority, TicketPriority>> = {
  low: 'low',
  medium: 'normal',
  high: 'high',
  urgent: 'urgent',
};

/** How much of the customer's first line becomes a converted chat's subject. */
const SUBJECT_LENGTH = 80;

/**
 * `text` within `max` characters: whole when it fits, else cut after its last whole word in the
 * second half of the room (else mid-word) and marked with an ellipsis.
 */
function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  // The room ends on a whole word when a space follows it in the text.
  const wordEnd = /\s/.test(text.charAt(max - 1)) ? room.length : room.search(/\s\S*$/);
  return `${(wordEnd > max / 2 ? room.slice(0, wordEnd) : room).trimEnd()}…`;
}

/**
 * The ticket a converted chat opens: channel `chat`, the chat's priority (`medium` is `normal`)
 * and category, the transcript without staff-only messages (the customer will read it) or empty
 * ones, with the files sent in the chat (a line that only sent files is kept), the customer's first
 * words (shortened) as subject, and the chat's agent as the preferred agent, so they keep the
 * ticket while they are eligible.
 */
export function ticketFromChat(data: z.output<typeof ChatConvertedToTicket>['data']): OpenTicketCommand {
  const transcript = data.transcript
    .filter((message) => !message.internal && hasMessageContent({ ...message, body: message.body.trim() }))
    .map(({ from, authorId, body, at, attachments }) => ({
      from,
      authorId,
      body,
      at,
      ...attachmentsField(attachments),
    }));
  const opening = transcript.find((line) => line.from === 'customer' && line.body.trim() !== '')?.body.trim();
  const subject = opening ? shortened(opening, SUBJECT_LENGTH) : `Chat ${data.chatId}`;
  return {
    type: 'OpenTicket',
    data: {
      ticketId: data.ticketId,
      customerId: data.customerId,
      subject,
      description: `Converted from chat ${data.chatId}.`,
      priority: PRIORITY_OF_CHAT[data.priority],
      category: data.category,
      channel: 'chat',
      language: data.language,
      transcript,
      preferredAgentId: data.assigneeId,
    },
  };
}

/**
 * Whether a converted chat's agent keeps its ticket at once: only as routed work would go to them
 * (available, a free slot under their ticket cap). An agent who went offline or on a
 * break does not: the ticket is queued, and the router gives it to them first once they are
 * eligible again, or to a colleague meanwhile. Their ledger still decides the slot atomically.
 */
export function keepsConvertedTicket(agent: Agent): boolean {
  // A ticket opened from a chat starts at tier 1.
  return ineligibility(slotsOf(agent), { kind: 'ticket', tier: 1 }, 'routed') === null;
}

const KEPT_FROM_CHAT = 'kept from chat ';

/** The reason a kept ticket's assignment records. */
export function keptFromChatReason(chatId: string): string {
  return `${KEPT_FROM_CHAT}${chatId}`;
}

/**
 * Whether an assignment kept a converted chat's ticket with the chat's agent: the conversion's
 * own (its reason says so) or the router's, quicker than the conversion or later, giving the
 * ticket to the chat's agent as its preferred agent (only a converted chat's ticket has one).
 */
export function isKeptFromChat(assignment: {
  readonly reason?: string | undefined;
  readonly routing?: { readonly rule: string } | undefined;
}): boolean {
  return (assignment.reason?.startsWith(KEPT_FROM_CHAT) ?? false) || assignment.routing?.rule === 'preferred_agent';
}

/** Most signals a proactive ticket's description lists (the rest are counted). */
const LISTED_SIGNALS = 50;
/** The longest description a ticket takes (its `MessageBody`). */
const DESCRIPTION_LIMIT = 20_000;

/**
 * The proactive ticket an accepted suggestion opens, with the suggestion's subject and priority:
 * what was seen, in the customer's language (the offer they accepted, its question left out),
 * then the signals behind it (time, kind, detail), so the agent sees what went wrong.
 */
export function ticketFromSuggestion(data: z.output<typeof SuggestionAccepted>['data']): OpenTicketCommand {
  const words = proactiveTicketWords(data.signals, localeFor(data.language));
  // Within a ticket description's length, room kept for the heading and the count of the rest.
  let room = DESCRIPTION_LIMIT - words.intro.length - 64;
  const listed: string[] = [];
  for (const signal of data.signals.slice(0, LISTED_SIGNALS)) {
    const line = words.line(signal);
    room -= line.length + 1;
    if (room < 0) break;
    listed.push(line);
  }
  const more = data.signals.length - listed.length;
  const noticed = [...listed, ...(more > 0 ? [`- ${words.more(more)}`] : [])].join('\n');
  return {
    type: 'OpenTicket',
    data: {
      ticketId: data.ticketId,
      customerId: data.customerId,
      subject: data.subject,
      // No signal to list (none recorded with it): the offer as the customer read it.
      description: noticed === '' ? data.description : `${words.intro}\n\n${words.heading}\n${noticed}`,
      priority: data.priority,
      channel: 'web',
      ...(data.language === undefined ? {} : { language: data.language }),
      proactive: true,
      suggestionId: data.suggestionId,
    },
  };
}
