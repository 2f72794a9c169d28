import {
  AGENT_EVENT_TYPES,
  type AgentEvent,
  CHAT_EVENT_TYPES,
  type ChatEvent,
  MINUTE_MS,
} from '@support-engine/domain';
import type { Updateable } from 'kysely';
import type { ProjectedEvent } from '../../events.js';
import type { Projection, ReadModelTransaction } from '../../projection.js';
import type { ChatSessionsTable } from '../../schema.js';
import { sequentialProjection } from '../sequential.js';
import { refreshQueue } from './queue.js';

/** Options of {@link createChatsProjection}. */
export interface ChatsProjectionOptions {
  /** Checkpoint and lock name; `chats` by default. */
  readonly name?: string;
  /**
   * Average time an agent spends on a chat, for the wait estimate; 10 minutes by default.
   * Configuration rather than a running average, so the estimate is a pure function of the log.
   */
  readonly averageHandleTimeMs?: number;
}

type Scope = { queueChanged: boolean };

/**
 * Chat read models: `chat_sessions`, `chat_messages`, `chat_holds` (who held each chat when, for
 * utilisation) and the live `chat_queue` (positions and estimated wait). It also follows agent availability and capacity into its own `chat_agents`
 * table, because the estimate depends on them and a projection reads only tables it writes.
 */
export function createChatsProjection(options: ChatsProjectionOptions = {}): Projection {
  const averageHandleTimeMs = options.averageHandleTimeMs ?? 10 * MINUTE_MS;
  return sequentialProjection<ChatEvent | AgentEvent, Scope>({
    name: options.name ?? 'chats',
    eventTypes: [...CHAT_EVENT_TYPES, ...AGENT_EVENT_TYPES],
    tables: ['chat_sessions', 'chat_messages', 'chat_holds', 'chat_queue', 'chat_agents'],
    begin: () => ({ queueChanged: false }),
    async applyOne(trx, event, scope) {
      const changesQueue = await applyChatEvent(trx, event);
      scope.queueChanged ||= changesQueue;
    },
    async end(trx, scope) {
      if (scope.queueChanged) await refreshQueue(trx, averageHandleTimeMs);
    },
  });
}

/** Applies one event; true when the queue or the agents' free capacity may have changed. */
async function applyChatEvent(
  trx: ReadModelTransaction,
  event: ProjectedEvent<ChatEvent | AgentEvent>,
): Promise<boolean> {
  const { data } = event;
  switch (event.type) {
    case 'ChatStarted':
      await trx
        .insertInto('chat_sessions')
        .values({
          chat_id: event.data.chatId,
          customer_id: event.data.customerId,
          status: 'waiting',
          priority: event.data.priority,
          category: event.data.category ?? null,
          language: event.data.language ?? null,
          assignee_id: null,
          started_at: data.at,
          assigned_at: null,
          last_activity_at: data.at,
          closed_at: null,
          close_cause: null,
          ticket_id: null,
          message_count: 0,
          public_message_count: 0,
          csat_score: null,
          csat_comment: null,
          follow_up_requested: false,
        })
        .execute();
      return true;
    case 'ChatMessageSent': {
      const { chatId, messageId, from, authorId, body, internal, attachments } = event.data;
      // Internal notes do not keep the conversation alive (as in the domain's evolve).
      const session = await trx
        .updateTable('chat_sessions')
        .set((eb) => ({
          message_count: eb('message_count', '+', 1),
          ...(internal ? {} : { public_message_count: eb('public_message_count', '+', 1), last_activity_at: data.at }),
        }))
        .where('chat_id', '=', chatId)
        .returning('message_count')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('chat_messages')
        .values({
          chat_id: chatId,
          message_id: messageId,
          seq: session.message_count,
          sender: from,
          author_id: authorId,
          body,
          internal,
          at: data.at,
          attachments: JSON.stringify(attachments ?? []),
        })
        .execute();
      return false;
    }
    case 'ChatAssigned':
      await updateChat(trx, event.data.chatId, {
        status: 'active',
        assignee_id: event.data.agentId,
        assigned_at: data.at,
        last_activity_at: data.at,
      });
      await holdChat(trx, event, event.data.agentId);
      return true;
    case 'ChatTransferred':
      await updateChat(trx, event.data.chatId, { assignee_id: event.data.toAgentId, last_activity_at: data.at });
      await endHold(trx, event.data.chatId, data.at);
      await holdChat(trx, event, event.data.toAgentId);
      return true;
    case 'ChatClosed':
      await updateChat(trx, event.data.chatId, { status: 'closed', closed_at: data.at, close_cause: event.data.cause });
      await endHold(trx, event.data.chatId, data.at);
      return true;
    case 'ChatConvertedToTicket':
      await updateChat(trx, event.data.chatId, { ticket_id: event.data.ticketId });
      return false;
    case 'ChatRated':
      await updateChat(trx, event.data.chatId, {
        csat_score: event.data.score,
        csat_comment: event.data.comment ?? null,
      });
      return false;
    case 'ChatFollowUpRequested':
      await updateChat(trx, event.data.chatId, { follow_up_requested: true });
      return false;
    case 'AgentRegistered':
      await trx
        .insertInto('chat_agents')
        .values({ agent_id: event.data.agentId, availability: 'offline', capacity: event.data.capacity })
        .execute();
      return false;
    case 'AgentAvailabilityChanged':
      await trx
        .updateTable('chat_agents')
        .set({ availability: event.data.availability })
        .where('agent_id', '=', event.data.agentId)
        .execute();
      return true;
    case 'AgentCapacityChanged':
      await trx
        .updateTable('chat_agents')
        .set({ capacity: event.data.capacity })
        .where('agent_id', '=', event.data.agentId)
        .execute();
      return true;
    case 'AgentSkillsUpdated':
    case 'AgentTierChanged':
    case 'AgentTicketCapacityChanged':
    case 'AgentPerformanceRated':
    case 'AgentWorkReserved':
    case 'AgentWorkReleased':
      return false;
  }
}

async function updateChat(
  trx: ReadModelTransaction,
  chatId: string,
  values: Updateable<ChatSessionsTable>,
): Promise<void> {
  await trx.updateTable('chat_sessions').set(values).where('chat_id', '=', chatId).execute();
}

/** The chat is now with `agentId`, from the event's time until the next transfer or the close. */
async function holdChat(trx: ReadModelTransaction, event: ProjectedEvent<ChatEvent>, agentId: string): Promise<void> {
  await trx
    .insertInto('chat_holds')
    .values({
      chat_id: event.data.chatId,
      position: event.log.checkpoint.globalPosition.toString(),
      agent_id: agentId,
      held_from: event.data.at,
      held_until: null,
    })
    .execute();
}

async function endHold(trx: ReadModelTransaction, chatId: string, at: string): Promise<void> {
  await trx
    .updateTable('chat_holds')
    .set({ held_until: at })
    .where('chat_id', '=', chatId)
    .where('held_until', 'is', null)
    .execute();
}
