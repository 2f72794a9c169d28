import { z } from 'zod';
import { MessageAttachments } from '../attachment/values.js';
import { Id } from '../shared/actor.js';
import { Instant } from '../shared/time.js';
import type { FollowUpState } from '../shared/values.js';

/** Queue priority of a chat (chats use `medium` where tickets use `normal`). */
export const ChatPriority = z.enum(['low', 'medium', 'high', 'urgent']);
export type ChatPriority = z.infer<typeof ChatPriority>;

/** Who wrote a chat message; derived from the sender's role, never claimed by the caller. */
export const MessageSender = z.enum(['customer', 'agent', 'system']);
export type MessageSender = z.infer<typeof MessageSender>;

/** Longest chat message body (same bound as ticket bodies). */
export const MAX_MESSAGE_LENGTH = 20_000;

/** One line of the transcript. `internal` messages are staff-only and never shown to the customer. */
export const ChatMessage = z
  .object({
    messageId: Id,
    from: MessageSender,
    authorId: Id,
    body: z.string().max(MAX_MESSAGE_LENGTH),
    internal: z.boolean(),
    at: Instant,
    /** The files sent with it (left out when none; conversions recorded before files were kept lack them). */
    attachments: MessageAttachments.min(1).optional(),
  })
  .strict();
export type ChatMessage = z.infer<typeof ChatMessage>;

/**
 * Why a chat ended: someone closed it (`ended`), nobody spoke for the timeout (`inactivity`), or it
 * was still waiting when it became a ticket (`converted`: it leaves the queue).
 */
export const ChatCloseCause = z.enum(['ended', 'inactivity', 'converted']);
export type ChatCloseCause = z.infer<typeof ChatCloseCause>;

/** Lifecycle of a session: queued, being handled, finished. */
export type ChatStatus = 'waiting' | 'active' | 'closed';

/** A chat session as the decider sees it. */
export interface ChatSession {
  readonly status: ChatStatus;
  readonly chatId: Id;
  readonly customerId: Id;
  readonly priority: ChatPriority;
  readonly category: string | null;
  readonly language: string | null;
  readonly assigneeId: Id | null;
  readonly startedAt: Instant;
  /** When it first got an agent (a transfer keeps it); `null` while it waits. */
  readonly assignedAt: Instant | null;
  /** Last moment that postpones the inactivity close; see `inactivityDeadline`. */
  readonly lastActivityAt: Instant;
  /** The inactivity timeout recorded when it started; `null`: the deployment's. */
  readonly inactivityTimeoutMs: number | null;
  readonly closedAt: Instant | null;
  readonly closeCause: ChatCloseCause | null;
  readonly messages: readonly ChatMessage[];
  readonly ticketId: Id | null;
  readonly rating: { readonly score: number; readonly comment: string | null } | null;
  /** The follow-up a low rating asked for: `open` until a supervisor completes it; `null` when none was. */
  readonly followUp: FollowUpState | null;
  /** How many times its customer had the transcript mailed (see `MAX_CUSTOMER_TRANSCRIPTS_PER_CHAT`). */
  readonly transcriptsMailed: number;
}

/** The chat stream's state: nothing before `ChatStarted`. */
export type ChatState = { readonly status: 'none' } | ChatSession;

/** The state of a chat stream with no events. */
export const initialChatState: ChatState = { status: 'none' };
