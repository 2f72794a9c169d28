import { MINUTE_MS } from '@support-engine/domain';
import { AGENT_EVENT_TYPES, type AgentEvent } from '@support-engine/domain/agent';
import { CHAT_EVENT_TYPES, type ChatEvent, type ChatPickUp } from '@support-engine/domain/chat';
import type { ProjectedEvent } from '../../events.js';
import type { Projection } from '../../projection.js';
import { foldProjection, RowSet } from '../fold.js';
import { refreshQueue } from './queue.js';
import {
  applyChatAgentEvent,
  applyChatEvent,
  type ChatAgentRow,
  type ChatHoldRow,
  type ChatMessageRow,
  type ChatRow,
  type ChatState,
} from './row.js';
import { loadChatAgents, loadChats, saveChatAgents, saveChatHolds, saveChatMessages, saveChats } from './store.js';

/** Options of {@link createChatsProjection}. */
export interface ChatsProjectionOptions {
  /** Checkpoint and lock name; `chats` by default. */
  readonly name?: string;
  /**
   * Time an agent spends on a chat, for the wait estimate until enough chats were handled to
   * learn it from them (`typicalHandleTime` in the domain); 10 minutes by default.
   */
  readonly averageHandleTimeMs?: number;
  /** How chats reach agents, which the wait estimate depends on (`routed` by default; `manual` with `ROUTING_MODE=manual`). */
  readonly pickUp?: ChatPickUp;
}

type ChatsEvent = ProjectedEvent<ChatEvent | AgentEvent>;

/** One batch: each touched chat and agent as it evolves, and the rows to write. */
interface ChatsBatch {
  readonly chats: Map<string, ChatState>;
  readonly agents: RowSet<ChatAgentRow>;
  readonly sessions: RowSet<ChatRow>;
  readonly messages: ChatMessageRow[];
  readonly holds: RowSet<ChatHoldRow>;
  queueChanged: boolean;
}

const AGENT_TYPES: ReadonlySet<string> = new Set(AGENT_EVENT_TYPES);
const isAgentEvent = (event: ChatsEvent): event is ProjectedEvent<AgentEvent> => AGENT_TYPES.has(event.type);

/**
 * Chat read models: `chat_sessions`, `chat_messages`, `chat_holds` (who held each chat when, for
 * utilisation) and the live `chat_queue` (positions and estimated wait). It also follows agent availability and capacity into its own `chat_agents`
 * table, because the estimate depends on them and a projection reads only tables it writes.
 * Folded per batch (`fold.ts`): the events' logic is {@link applyChatEvent} and
 * {@link applyChatAgentEvent}; the queue is rewritten once per batch that may have moved it.
 */
export function createChatsProjection(options: ChatsProjectionOptions = {}): Projection {
  const averageHandleTimeMs = options.averageHandleTimeMs ?? 10 * MINUTE_MS;
  return foldProjection<ChatEvent | AgentEvent, ChatsBatch>({
    name: options.name ?? 'chats',
    eventTypes: [...CHAT_EVENT_TYPES, ...AGENT_EVENT_TYPES],
    tables: ['chat_sessions', 'chat_messages', 'chat_holds', 'chat_queue', 'chat_agents'],
    async load(trx, events) {
      const chatIds = new Set<string>();
      const agentIds = new Set<string>();
      for (const event of events) {
        if (isAgentEvent(event)) agentIds.add(event.data.agentId);
        else chatIds.add(event.data.chatId);
      }
      return {
        chats: await loadChats(trx, [...chatIds]),
        agents: new RowSet(await loadChatAgents(trx, [...agentIds])),
        sessions: new RowSet(),
        messages: [],
        holds: new RowSet(),
        queueChanged: false,
      };
    },
    apply(batch, event) {
      if (isAgentEvent(event)) {
        const { agentId } = event.data;
        const before = batch.agents.get(agentId);
        const { row, queueChanged } = applyChatAgentEvent(before, event);
        if (row !== before) batch.agents.set(agentId, row);
        batch.queueChanged ||= queueChanged;
        return;
      }
      const { chatId } = event.data;
      const { state, message, holds, queueChanged } = applyChatEvent(batch.chats.get(chatId)!, event);
      batch.chats.set(chatId, state);
      batch.sessions.set(chatId, state.row);
      if (message) batch.messages.push(message);
      for (const held of holds) batch.holds.set(`${held.chat_id}@${held.position}`, held);
      batch.queueChanged ||= queueChanged;
    },
    async save(trx, batch) {
      await saveChats(trx, batch.sessions.changed());
      await saveChatMessages(trx, batch.messages);
      await saveChatHolds(trx, batch.holds.changed());
      await saveChatAgents(trx, batch.agents.changed());
      if (batch.queueChanged) await refreshQueue(trx, averageHandleTimeMs, options.pickUp ?? 'routed');
    },
  });
}
