import type {
  ChatConvertedToTicket,
  ChatPriority,
  OpenTicket,
  SuggestionAccepted,
  TicketPriority,
} from '@support-engine/domain';
import type { z } from 'zod';

// Nothing else in the engine opens the ticket a chat conversion or an accepted suggestion names,
// so the mutation that records the decision opens it right after, from the recorded event.

const PRIORITY_OF_CHAT: Readonly<Record<ChatPriority, TicketPriority>> = {
  low: 'low',
  medium: 'normal',
  high: 'high',
  urgent: 'urgent',
};

const SUBJECT_LENGTH = 80;

/** An `OpenTicket` command as callers write it. */
export type OpenTicketCommand = z.input<typeof OpenTicket>;

/**
 * The `OpenTicket` for a converted chat: channel `chat`, the chat's priority and category, and
 * the transcript without staff-only messages (the ticket's customer will read it). The subject is
 * the customer's first line, shortened.
 */
export function ticketFromChat(data: z.output<typeof ChatConvertedToTicket>['data']): OpenTicketCommand {
  const transcript = data.transcript
    .filter((message) => !message.internal && message.body.trim() !== '')
    .map(({ from, body, at }) => ({ from, body, at }));
  const opening = transcript.find((line) => line.from === 'customer')?.body.trim();
  const subject = opening ? opening.slice(0, SUBJECT_LENGTH) : `Chat ${data.chatId}`;
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
    },
  };
}

/** The proactive `OpenTicket` an accepted suggestion asks for. */
export function ticketFromSuggestion(data: z.output<typeof SuggestionAccepted>['data']): OpenTicketCommand {
  return {
    type: 'OpenTicket',
    data: {
      ticketId: data.ticketId,
      customerId: data.customerId,
      subject: data.subject,
      description: data.description,
      priority: data.priority,
      channel: 'web',
      proactive: true,
      suggestionId: data.suggestionId,
    },
  };
}
