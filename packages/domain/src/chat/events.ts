import { z } from 'zod';
import { Skill } from '../agent/state.js';
import { MessageAttachments } from '../attachment/values.js';
import { RoutingExplanation } from '../routing/explanation.js';
import { Id } from '../shared/actor.js';
import { defineEvent } from '../shared/messages.js';
import { CsatComment, CsatScore, FollowUpNote, LanguageTag } from '../shared/values.js';
import { ChatCloseCause, ChatMessage, ChatPriority, MAX_MESSAGE_LENGTH, MessageSender } from './state.js';
import { TranscriptLine } from './transcript.js';

/** A chat entered the queue. */
export const ChatStarted = defineEvent('ChatStarted', {
  chatId: Id,
  customerId: Id,
  priority: ChatPriority,
  category: Skill.optional(),
  language: LanguageTag.optional(),
  /** The inactivity timeout the configuration set when the chat started; absent: the deployment's. */
  inactivityTimeoutMs: z.int().positive().optional(),
});

/** A message was added to the transcript (the message's time is the event's `at`). */
export const ChatMessageSent = defineEvent('ChatMessageSent', {
  chatId: Id,
  messageId: Id,
  from: MessageSender,
  authorId: Id,
  body: z.string().max(MAX_MESSAGE_LENGTH),
  internal: z.boolean(),
  /** Files sent with the message (left out when none). */
  attachments: MessageAttachments.min(1).optional(),
});

/**
 * A waiting chat got its agent: they accepted it, someone assigned it, or the router routed it
 * (then `routing` says why this agent).
 */
export const ChatAssigned = defineEvent('ChatAssigned', {
  chatId: Id,
  agentId: Id,
  mode: z.enum(['accepted', 'assigned', 'routed']),
  routing: RoutingExplanation.optional(),
});

/** An active chat moved to another agent; the provenance `reason` says why. */
export const ChatTransferred = defineEvent('ChatTransferred', { chatId: Id, fromAgentId: Id, toAgentId: Id });

/**
 * An active chat went back to waiting, in the queue of `category`; `fromAgentId` no longer holds
 * it. The provenance `reason` says why.
 */
export const ChatTransferredToQueue = defineEvent('ChatTransferredToQueue', {
  chatId: Id,
  fromAgentId: Id,
  category: Skill,
});

/** The chat ended; `cause` says how (see {@link ChatCloseCause}). */
export const ChatClosed = defineEvent('ChatClosed', { chatId: Id, cause: ChatCloseCause });

/** The chat became a ticket; carries everything needed to open it, transcript included. */
export const ChatConvertedToTicket = defineEvent('ChatConvertedToTicket', {
  chatId: Id,
  ticketId: Id,
  customerId: Id,
  priority: ChatPriority,
  category: Skill.optional(),
  language: LanguageTag.optional(),
  assigneeId: Id.optional(),
  transcript: z.array(ChatMessage),
});

/** The customer rated the finished chat. */
export const ChatRated = defineEvent('ChatRated', {
  chatId: Id,
  customerId: Id,
  agentId: Id.optional(),
  score: CsatScore,
  comment: CsatComment.optional(),
});

/** A poor rating (2 or less) asks a supervisor to follow up with the customer. */
export const ChatFollowUpRequested = defineEvent('ChatFollowUpRequested', {
  chatId: Id,
  customerId: Id,
  agentId: Id.optional(),
  score: CsatScore,
  comment: CsatComment.optional(),
});

/** A supervisor followed up the chat's low rating; `note` says what was done. */
export const ChatFollowUpCompleted = defineEvent('ChatFollowUpCompleted', {
  chatId: Id,
  note: FollowUpNote.optional(),
});

/**
 * The chat now belongs to customer `to` (it was `from`'s, who was merged into `to`): the
 * conversation goes on, or stays closed, as it was; its messages keep their authors. The
 * provenance `reason` says why (`visitor identified`).
 */
export const ChatCustomerChanged = defineEvent('ChatCustomerChanged', { chatId: Id, from: Id, to: Id });

/**
 * The chat's transcript was asked for by mail, to `to` in `language` (absent: the customer's):
 * `transcript` is what the mail holds, the conversation as the customer saw it then (never an
 * internal note). The notifier mails it once.
 */
export const ChatTranscriptRequested = defineEvent('ChatTranscriptRequested', {
  chatId: Id,
  customerId: Id,
  to: z.string(),
  language: LanguageTag.optional(),
  transcript: z.array(TranscriptLine).min(1),
});

/** Every event of the chat stream. */
export const ChatEvent = z.discriminatedUnion('type', [
  ChatStarted,
  ChatMessageSent,
  ChatAssigned,
  ChatTransferred,
  ChatTransferredToQueue,
  ChatClosed,
  ChatConvertedToTicket,
  ChatRated,
  ChatFollowUpRequested,
  ChatFollowUpCompleted,
  ChatCustomerChanged,
  ChatTranscriptRequested,
]);
export type ChatEvent = z.infer<typeof ChatEvent>;

/** The type names of every chat event. */
export const CHAT_EVENT_TYPES = ChatEvent.options.map((option) => option.shape.type.value);
