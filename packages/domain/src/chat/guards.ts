import { isLead } from '../agent/roles.js';
import type { Actor, Id } from '../shared/actor.js';
import { mayNot } from '../shared/articles.js';
import { DomainError } from '../shared/errors.js';
import type { ChatSession, ChatState, MessageSender } from './state.js';

/** The chat session, or NOT_FOUND when the stream holds no chat with that id. */
export function requireSession(state: ChatState, chatId: Id): ChatSession {
  if (state.status === 'none' || state.chatId !== chatId) {
    throw new DomainError('NOT_FOUND', `Chat "${chatId}" does not exist`, { chatId });
  }
  return state;
}

/** Refuses with CHAT_CLOSED once the chat has ended. */
export function requireOpen(session: ChatSession): void {
  if (session.status === 'closed') {
    throw new DomainError('CHAT_CLOSED', `Chat "${session.chatId}" is closed`, { chatId: session.chatId });
  }
}

/** Refuses with ALREADY_ASSIGNED unless the chat is still waiting for an agent (and open). */
export function requireWaiting(session: ChatSession): void {
  requireOpen(session);
  if (session.status !== 'waiting') {
    throw new DomainError('ALREADY_ASSIGNED', `Chat "${session.chatId}" already has an agent: ${session.assigneeId}`, {
      chatId: session.chatId,
      assigneeId: session.assigneeId,
    });
  }
}

/** Refuses with FORBIDDEN when `allowed` is false. */
export function requirePermission(allowed: boolean, actor: Actor, what: string): void {
  if (!allowed) throw new DomainError('FORBIDDEN', mayNot(actor.role, what), { role: actor.role });
}

/** True when the actor is the customer the chat belongs to. */
export function isChatCustomer(actor: Actor, session: ChatSession): boolean {
  return actor.role === 'customer' && actor.id === session.customerId;
}

/** True when the actor is the chat's current assignee or a supervisor/admin (who may act on any chat). */
export function isAssigneeOrLead(actor: Actor, session: ChatSession): boolean {
  return isLead(actor) || (actor.role === 'agent' && actor.id === session.assigneeId);
}

/** The kind of message an actor writes, or `null` for roles that never write (auditors). */
export function senderOf(actor: Actor): MessageSender | null {
  switch (actor.role) {
    case 'customer':
      return 'customer';
    case 'agent':
    case 'supervisor':
    case 'admin':
      return 'agent';
    case 'system':
      return 'system';
    case 'auditor':
      return null;
  }
}
