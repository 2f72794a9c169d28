import { z } from 'zod';
import { MessageAttachments } from '../attachment/values.js';
import { RoutingExplanation } from '../routing/explanation.js';
import { Id } from '../shared/actor.js';
import { EmailAddress } from '../shared/email-address.js';
import { defineCommand } from '../shared/messages.js';
import { CsatCommentInput, CsatScore, FollowUpNote, LanguageTag } from '../shared/values.js';
import { CategoryInput, hasMessageContent, MESSAGE_CONTENT } from '../ticket/values.js';
import { ChatPriority, MAX_MESSAGE_LENGTH } from './state.js';

// Empty when the message sends files (a screenshot): a message needs words, files or both.
const Body = z.string().trim().max(MAX_MESSAGE_LENGTH).default('');
const Reason = z.string().trim().min(1).max(2000);

/**
 * Opens a chat in the queue (`waiting`), optionally with the customer's first message.
 * A customer starts chats for themself; staff and the system may start one on a customer's behalf.
 */
export const StartChat = defineCommand('StartChat', {
  chatId: Id,
  customerId: Id,
  priority: ChatPriority.default('medium'),
  /** Matched against agent skills; one line, as a ticket's category. */
  category: CategoryInput.optional(),
  language: LanguageTag.optional(),
  firstMessage: z
    .object({ messageId: Id, body: Body, attachments: MessageAttachments.optional() })
    .strict()
    .refine(hasMessageContent, { message: MESSAGE_CONTENT[1].message, path: ['body'] })
    .optional(),
});

/** Adds a message; the sender kind (customer, agent, system) follows from the actor's role. */
export const SendChatMessage = defineCommand('SendChatMessage', {
  chatId: Id,
  messageId: Id,
  body: Body,
  internal: z.boolean().default(false),
  attachments: MessageAttachments.optional(),
}).refine(...MESSAGE_CONTENT);

/**
 * The acting agent takes a waiting chat and becomes its assignee. Capacity and presence are the
 * agent's to enforce: a hand-over reserves a slot on the agent's stream first (`ReserveWork`).
 */
export const AcceptChat = defineCommand('AcceptChat', { chatId: Id });

/**
 * The system, a supervisor or an admin gives a waiting chat to `agentId`. The router (system
 * only) adds its `routing` explanation.
 */
export const AssignChat = defineCommand('AssignChat', {
  chatId: Id,
  agentId: Id,
  routing: RoutingExplanation.optional(),
});

/** Hands an active chat to another agent, with a reason. */
export const TransferChat = defineCommand('TransferChat', { chatId: Id, toAgentId: Id, reason: Reason });

/**
 * Sends an active chat back to waiting, in the queue of `category` (a chat's queue is its
 * category), with a reason; its agent is released.
 */
export const TransferChatToQueue = defineCommand('TransferChatToQueue', {
  chatId: Id,
  category: CategoryInput,
  reason: Reason,
});

/** Ends the chat (customer leaves, agent wraps up, system shuts down a session). */
export const CloseChat = defineCommand('CloseChat', { chatId: Id, reason: Reason.optional() });

/**
 * Closes the chat if it has been inactive for the configured timeout; issued by the chat's
 * timer workflow. Idempotent: a chat already closed, or with newer activity, yields no events.
 */
export const TimeoutChat = defineCommand('TimeoutChat', { chatId: Id });

/** Records that the chat became ticket `ticketId` (id chosen by the caller); once per chat. */
export const ConvertChatToTicket = defineCommand('ConvertChatToTicket', { chatId: Id, ticketId: Id });

/** The customer rates a closed chat: CSAT 1 to 5 with an optional comment; once per chat. */
export const RateChat = defineCommand('RateChat', {
  chatId: Id,
  score: CsatScore,
  comment: CsatCommentInput,
});

/** A supervisor records the follow-up of the chat's low rating as done, with what was done. */
export const CompleteChatFollowUp = defineCommand('CompleteChatFollowUp', {
  chatId: Id,
  note: FollowUpNote.optional(),
});

/**
 * Moves the chat from customer `from` to `to`, who `from` was merged into (the engine's own: system
 * actors only); whatever state the chat is in, it goes on as it was. Once moved, nothing more.
 */
export const ChangeChatCustomer = defineCommand('ChangeChatCustomer', { chatId: Id, from: Id, to: Id, reason: Reason });

/**
 * Mails the conversation, as its customer saw it, to `to` in `language` (the asker's; the
 * customer's otherwise). Whoever calls it chose `to` by `transcriptRecipient`; the chat checks who
 * may ask (`requireTranscriptMailable`). Each command id mails once: the same one again (a double
 * click, a retry) records nothing more.
 */
export const EmailChatTranscript = defineCommand('EmailChatTranscript', {
  chatId: Id,
  to: EmailAddress,
  language: LanguageTag.optional(),
});

/** Every command the chat decider accepts, as parsed (defaults applied). */
export const ChatCommand = z.discriminatedUnion('type', [
  StartChat,
  SendChatMessage,
  AcceptChat,
  AssignChat,
  TransferChat,
  TransferChatToQueue,
  CloseChat,
  TimeoutChat,
  ConvertChatToTicket,
  RateChat,
  CompleteChatFollowUp,
  ChangeChatCustomer,
  EmailChatTranscript,
]);
/** A chat command as a caller writes it (defaults may be omitted). */
export type ChatCommand = z.input<typeof ChatCommand>;
