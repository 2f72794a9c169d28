import type { z } from 'zod';
import { isLead } from '../agent/roles.js';
import { attachmentsField } from '../attachment/values.js';
import type { Id } from '../shared/actor.js';
import type { CommandContext } from '../shared/context.js';
import { movesToCustomer } from '../shared/customer-move.js';
import { DomainError } from '../shared/errors.js';
import { completableFollowUp } from '../shared/follow-up.js';
import { provenance } from '../shared/messages.js';
import { counted } from '../shared/text.js';
import { MINUTE_MS, SECOND_MS } from '../shared/time.js';
import { parseOrThrow } from '../shared/validation.js';
import { needsFollowUp } from '../shared/values.js';
import type { SlaCommandContext } from '../sla-config/context.js';
import { ChatCommand } from './commands.js';
import type { ChatEvent } from './events.js';
import {
  isAssigneeOrLead,
  isChatCustomer,
  requireOpen,
  requirePermission,
  requireSession,
  requireWaiting,
  senderOf,
} from './guards.js';
import { requireChatDeskOpen } from './opening-hours.js';
import type { ChatSession, ChatState } from './state.js';
import { type ChatTimings, DEFAULT_CHAT_TIMINGS, isInactive } from './timings.js';
import { requireTranscriptMailable } from './transcript.js';

type Parsed = z.output<typeof ChatCommand>;
type Of<T extends Parsed['type']> = Extract<Parsed, { type: T }>['data'];

/**
 * Decides the chat stream's commands.
 *
 * Permissions: customers act only on their own chat; auditors never act. Public agent messages
 * need an active chat and come from its assignee or a supervisor/admin (who may step in);
 * internal messages come from any staff member or the system while the chat is open.
 * Capacity, presence and tier are not checked here: they belong to the receiving agent, whose
 * stream reserves a slot before the chat records its agent (see `ReserveWork`).
 */
export function decideChat(
  input: ChatCommand,
  state: ChatState,
  context: SlaCommandContext,
  timings: ChatTimings = DEFAULT_CHAT_TIMINGS,
): readonly ChatEvent[] {
  const command = parseOrThrow(ChatCommand, input, 'chat command');
  if (command.type === 'StartChat') return startChat(command.data, state, context);
  const session = requireSession(state, command.data.chatId);
  switch (command.type) {
    case 'SendChatMessage':
      return sendMessage(command.data, session, context);
    case 'AcceptChat': {
      const { actor } = context;
      requirePermission(actor.role === 'agent' || isLead(actor), actor, 'accept chats');
      requireWaiting(session);
      const data = { chatId: session.chatId, agentId: actor.id, mode: 'accepted' as const };
      return [{ type: 'ChatAssigned', data: { ...data, ...provenance(context) } }];
    }
    case 'AssignChat': {
      const { actor } = context;
      requirePermission(isLead(actor) || actor.role === 'system', actor, 'assign chats');
      const { agentId, routing } = command.data;
      // Only the router explains its choices: a person's assignment is their own reason.
      requirePermission(routing === undefined || actor.role === 'system', actor, 'attach a routing explanation');
      requireWaiting(session);
      const mode = routing === undefined ? ('assigned' as const) : ('routed' as const);
      const data = { chatId: session.chatId, agentId, mode, routing };
      return [{ type: 'ChatAssigned', data: { ...data, ...provenance(context) } }];
    }
    case 'TransferChat':
      return transferChat(command.data, session, context);
    case 'TransferChatToQueue':
      return transferChatToQueue(command.data, session, context);
    case 'CloseChat': {
      const { actor } = context;
      const allowed = isChatCustomer(actor, session) || isAssigneeOrLead(actor, session) || actor.role === 'system';
      requirePermission(allowed, actor, 'close this chat');
      requireOpen(session);
      const data = { chatId: session.chatId, cause: 'ended' as const };
      return [{ type: 'ChatClosed', data: { ...data, ...provenance(context, command.data.reason) } }];
    }
    case 'TimeoutChat': {
      requirePermission(context.actor.role === 'system', context.actor, 'time chats out');
      // Idempotent on purpose: the timer that fires may be stale (activity moved the deadline,
      // or the chat closed meanwhile), and a stale timer must be a harmless no-op.
      if (!isInactive(session, context.now, timings)) return [];
      // The chat's own timeout (the one it started under), not the deployment's current one.
      const timeoutMs = session.inactivityTimeoutMs ?? timings.inactivityTimeoutMs;
      const data = { chatId: session.chatId, cause: 'inactivity' as const };
      return [
        { type: 'ChatClosed', data: { ...data, ...provenance(context, `no activity for ${spelledOut(timeoutMs)}`) } },
      ];
    }
    case 'ConvertChatToTicket':
      return convertToTicket(command.data, session, context);
    case 'RateChat':
      return rateChat(command.data, session, context);
    case 'ChangeChatCustomer': {
      const { actor } = context;
      requirePermission(actor.role === 'system', actor, 'move chats between customers');
      const { from, to, reason } = command.data;
      if (!movesToCustomer(`Chat ${session.chatId}`, session.customerId, from, to)) return [];
      return [
        { type: 'ChatCustomerChanged', data: { chatId: session.chatId, from, to, ...provenance(context, reason) } },
      ];
    }
    case 'CompleteChatFollowUp':
      return completeFollowUp(command.data, session, context);
    case 'EmailChatTranscript': {
      const transcript = requireTranscriptMailable(context.actor, session);
      const { to, language } = command.data;
      const data = { chatId: session.chatId, customerId: session.customerId, to, language, transcript };
      return [{ type: 'ChatTranscriptRequested', data: { ...data, ...provenance(context) } }];
    }
  }
}

function startChat(data: Of<'StartChat'>, state: ChatState, context: SlaCommandContext): readonly ChatEvent[] {
  const { actor } = context;
  const { chatId, customerId, priority, category, language, firstMessage } = data;
  // Customers start their own chats; staff and the system may open one on a customer's behalf.
  const allowed = actor.role === 'customer' ? actor.id === customerId : actor.role !== 'auditor';
  requirePermission(allowed, actor, 'start this chat');
  if (state.status !== 'none') throw new DomainError('ALREADY_EXISTS', `Chat "${chatId}" already exists`, { chatId });
  if (actor.role === 'customer') requireChatDeskOpen(context.slaConfiguration, context.now);
  const meta = provenance(context);
  // The chat keeps the timeout it started under: a later setting changes the chats started after it.
  const inactivityTimeoutMs = context.slaConfiguration?.chatInactivityTimeoutMs ?? undefined;
  const started: ChatEvent = {
    type: 'ChatStarted',
    data: { chatId, customerId, priority, category, language, inactivityTimeoutMs, ...meta },
  };
  if (!firstMessage) return [started];
  // The first message is the customer's words when the automation relays them (a portal starting
  // the chat for its signed-in customer); staff who start a chat write their own opening line.
  // Relayed words are the customer's, and so is their authorship (as a ticket's first message);
  // the event's actor still records who relayed them.
  const relayed = actor.role === 'system';
  const from = relayed ? 'customer' : senderOf(actor)!;
  const authorId = relayed ? customerId : actor.id;
  const { attachments, ...first } = firstMessage;
  const message = { chatId, ...first, ...attachmentsField(attachments), from, authorId, internal: false };
  return [started, { type: 'ChatMessageSent', data: { ...message, ...meta } }];
}

function sendMessage(data: Of<'SendChatMessage'>, session: ChatSession, context: CommandContext): readonly ChatEvent[] {
  const { actor } = context;
  const from = senderOf(actor);
  const mayWrite = from !== null && (from !== 'customer' || (isChatCustomer(actor, session) && !data.internal));
  requirePermission(mayWrite, actor, data.internal ? 'write internal messages here' : 'write in this chat');
  requireOpen(session);
  if (from === 'agent' && !data.internal) {
    // The message names what this caller lacks: a lead may step into an active chat, but nobody
    // answers publicly a chat still in the queue.
    const refusal =
      session.status !== 'active'
        ? `Chat "${session.chatId}" is still waiting: it must be accepted or assigned before a public reply (an internal note may be written now)`
        : isAssigneeOrLead(actor, session)
          ? null
          : 'Only the assigned agent or a supervisor may reply in this chat';
    if (refusal !== null) {
      throw new DomainError('NOT_ASSIGNED', refusal, { chatId: session.chatId, assigneeId: session.assigneeId });
    }
  }
  if (session.messages.some((m) => m.messageId === data.messageId)) {
    throw new DomainError('ALREADY_EXISTS', `Message "${data.messageId}" already exists`, {
      messageId: data.messageId,
    });
  }
  const { attachments, ...rest } = data;
  const message = { ...rest, ...attachmentsField(attachments), from: from!, authorId: actor.id };
  return [{ type: 'ChatMessageSent', data: { ...message, ...provenance(context) } }];
}

function transferChat(data: Of<'TransferChat'>, session: ChatSession, context: CommandContext): readonly ChatEvent[] {
  const { actor } = context;
  requirePermission(isAssigneeOrLead(actor, session), actor, 'transfer this chat');
  const fromAgentId = requireTransferable(session);
  if (data.toAgentId === fromAgentId) {
    throw new DomainError('NO_CHANGE', `Chat "${session.chatId}" is already with "${data.toAgentId}"`, {
      chatId: session.chatId,
    });
  }
  const transfer = { chatId: session.chatId, fromAgentId, toAgentId: data.toAgentId };
  return [{ type: 'ChatTransferred', data: { ...transfer, ...provenance(context, data.reason) } }];
}

/**
 * Sends an active chat back to waiting in a queue (its category), releasing its agent: the
 * assignee or a supervisor/admin may, as for a transfer to an agent. The same queue is allowed
 * (the chat waits for someone else there).
 */
function transferChatToQueue(
  data: Of<'TransferChatToQueue'>,
  session: ChatSession,
  context: CommandContext,
): readonly ChatEvent[] {
  const { actor } = context;
  requirePermission(isAssigneeOrLead(actor, session), actor, 'transfer this chat');
  const fromAgentId = requireTransferable(session);
  const transfer = { chatId: session.chatId, fromAgentId, category: data.category };
  return [{ type: 'ChatTransferredToQueue', data: { ...transfer, ...provenance(context, data.reason) } }];
}

/** The agent an open, active chat is with: NOT_ASSIGNED while it waits, CHAT_CLOSED once ended. */
function requireTransferable(session: ChatSession): Id {
  requireOpen(session);
  if (session.assigneeId === null) {
    throw new DomainError('NOT_ASSIGNED', 'A waiting chat has nobody to transfer from; assign it instead', {
      chatId: session.chatId,
    });
  }
  return session.assigneeId;
}

/**
 * Any state may be converted, including `waiting` (nobody could take it) and `closed`
 * (follow-up work found after the chat). An active chat stays open (the agent may go on talking:
 * ending the conversation is a separate decision); a waiting one closes with it, since the ticket
 * now carries the request and no agent should take it from the queue any more.
 */
function convertToTicket(
  data: Of<'ConvertChatToTicket'>,
  session: ChatSession,
  context: CommandContext,
): readonly ChatEvent[] {
  const { actor } = context;
  requirePermission(isAssigneeOrLead(actor, session) || actor.role === 'system', actor, 'convert this chat');
  if (session.ticketId !== null) {
    throw new DomainError(
      'CHAT_ALREADY_CONVERTED',
      `Chat "${session.chatId}" already became ticket "${session.ticketId}"`,
      {
        chatId: session.chatId,
        ticketId: session.ticketId,
      },
    );
  }
  const { chatId, customerId, priority, category, language, assigneeId, messages } = session;
  const conversion = {
    chatId,
    ticketId: data.ticketId,
    customerId,
    priority,
    category: category ?? undefined,
    language: language ?? undefined,
    assigneeId: assigneeId ?? undefined,
    transcript: [...messages],
  };
  const converted: ChatEvent = { type: 'ChatConvertedToTicket', data: { ...conversion, ...provenance(context) } };
  if (session.status !== 'waiting') return [converted];
  const closed = { chatId, cause: 'converted' as const };
  const reason = `became ticket ${data.ticketId}`;
  return [converted, { type: 'ChatClosed', data: { ...closed, ...provenance(context, reason) } }];
}

function completeFollowUp(
  data: Of<'CompleteChatFollowUp'>,
  session: ChatSession,
  context: CommandContext,
): readonly ChatEvent[] {
  const { chatId } = session;
  const note = completableFollowUp(context.actor, session.followUp, { kind: 'chat', id: chatId }, data.note);
  return [{ type: 'ChatFollowUpCompleted', data: { ...provenance(context), chatId, ...note } }];
}

function rateChat(data: Of<'RateChat'>, session: ChatSession, context: CommandContext): readonly ChatEvent[] {
  requirePermission(isChatCustomer(context.actor, session), context.actor, 'rate this chat');
  if (session.status !== 'closed') {
    throw new DomainError('NOT_RATEABLE', 'A chat can be rated once it has ended', { chatId: session.chatId });
  }
  if (session.rating !== null) {
    throw new DomainError('ALREADY_RATED', `Chat "${session.chatId}" was already rated`, { chatId: session.chatId });
  }
  const meta = provenance(context);
  const rating = {
    chatId: session.chatId,
    customerId: session.customerId,
    agentId: session.assigneeId ?? undefined,
    score: data.score,
    comment: data.comment,
  };
  const rated: ChatEvent = { type: 'ChatRated', data: { ...rating, ...meta } };
  if (!needsFollowUp(data.score)) return [rated];
  return [rated, { type: 'ChatFollowUpRequested', data: { ...rating, ...meta } }];
}

/** A timeout as a reason says it: whole minutes, or seconds under a minute or between whole minutes. */
function spelledOut(ms: number): string {
  return ms % MINUTE_MS === 0 ? counted(ms / MINUTE_MS, 'minute') : counted(Math.round(ms / SECOND_MS), 'second');
}
