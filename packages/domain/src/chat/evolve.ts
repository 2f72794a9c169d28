import { attachmentsField } from '../attachment/values.js';
import type { ChatEvent } from './events.js';
import type { ChatSession, ChatState } from './state.js';

/**
 * Applies one chat event. Activity (what postpones the inactivity close) is the start, every
 * public message, every hand-over to an agent and every return to the queue; internal notes are staff talking among
 * themselves and do not keep the conversation alive. Events before `ChatStarted` are ignored.
 */
export function evolveChat(state: ChatState, event: ChatEvent): ChatState {
  if (event.type === 'ChatStarted') {
    const { chatId, customerId, priority, category, language, inactivityTimeoutMs, at } = event.data;
    return {
      status: 'waiting',
      chatId,
      customerId,
      priority,
      category: category ?? null,
      language: language ?? null,
      assigneeId: null,
      startedAt: at,
      assignedAt: null,
      lastActivityAt: at,
      inactivityTimeoutMs: inactivityTimeoutMs ?? null,
      closedAt: null,
      closeCause: null,
      messages: [],
      ticketId: null,
      rating: null,
      followUp: null,
      transcriptsMailed: 0,
    };
  }
  if (state.status === 'none') return state;
  return evolveSession(state, event);
}

function evolveSession(session: ChatSession, event: Exclude<ChatEvent, { type: 'ChatStarted' }>): ChatSession {
  switch (event.type) {
    case 'ChatCustomerChanged':
      return { ...session, customerId: event.data.to };
    case 'ChatMessageSent': {
      const { messageId, from, authorId, body, internal, at, attachments } = event.data;
      const message = { messageId, from, authorId, body, internal, at, ...attachmentsField(attachments) };
      const messages = [...session.messages, message];
      return internal ? { ...session, messages } : { ...session, messages, lastActivityAt: at };
    }
    case 'ChatAssigned':
      return {
        ...session,
        status: 'active',
        assigneeId: event.data.agentId,
        assignedAt: event.data.at,
        lastActivityAt: event.data.at,
      };
    case 'ChatTransferred':
      return { ...session, assigneeId: event.data.toAgentId, lastActivityAt: event.data.at };
    case 'ChatTransferredToQueue':
      // Back in the queue: no agent, waiting in the new category (assignedAt keeps the first pick-up).
      return {
        ...session,
        status: 'waiting',
        assigneeId: null,
        category: event.data.category,
        lastActivityAt: event.data.at,
      };
    case 'ChatClosed':
      return { ...session, status: 'closed', closedAt: event.data.at, closeCause: event.data.cause };
    case 'ChatConvertedToTicket':
      return { ...session, ticketId: event.data.ticketId };
    case 'ChatRated':
      return { ...session, rating: { score: event.data.score, comment: event.data.comment ?? null } };
    case 'ChatFollowUpRequested':
      return { ...session, followUp: 'open' };
    case 'ChatFollowUpCompleted':
      return { ...session, followUp: 'done' };
    case 'ChatTranscriptRequested':
      // Only the customer's own requests count towards their limit; staff mail as they need.
      return event.data.actor.role === 'customer'
        ? { ...session, transcriptsMailed: session.transcriptsMailed + 1 }
        : session;
  }
}
