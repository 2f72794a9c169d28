import { type AgentLoad, type ChatPriority, estimatedWait, queuePositions } from '@support-engine/domain';
import type { ReadModelTransaction } from '../../projection.js';
import { chunksFor } from '../chunks.js';

/**
 * Rewrites `chat_queue` from the waiting chats: the domain's queue order and wait estimate
 * over the agents as this projection knows them (available ones count, their active chats use
 * capacity). The queue is small, so rewriting it whole keeps the positions dense and exact.
 */
export async function refreshQueue(trx: ReadModelTransaction, averageHandleTimeMs: number): Promise<void> {
  const waiting = await trx
    .selectFrom('chat_sessions')
    .select(['chat_id', 'customer_id', 'priority', 'started_at'])
    .where('status', '=', 'waiting')
    .execute();
  const agents = await trx
    .selectFrom('chat_agents as a')
    .select(['a.availability', 'a.capacity'])
    .select((eb) =>
      eb
        .selectFrom('chat_sessions as s')
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .whereRef('s.assignee_id', '=', 'a.agent_id')
        .where('s.status', '=', 'active')
        .as('active'),
    )
    .execute();
  const loads: AgentLoad[] = agents.map((a) => ({
    availability: a.availability as AgentLoad['availability'],
    capacity: a.capacity,
    activeItems: Number(a.active ?? 0),
  }));
  const customers = new Map(waiting.map((chat) => [chat.chat_id, chat.customer_id]));
  const queue = queuePositions(
    waiting.map((chat) => ({
      chatId: chat.chat_id,
      priority: chat.priority as ChatPriority,
      waitingSince: chat.started_at.toISOString(),
    })),
  );
  await trx.deleteFrom('chat_queue').execute();
  const rows = queue.map((chat) => ({
    chat_id: chat.chatId,
    customer_id: customers.get(chat.chatId)!,
    priority: chat.priority,
    waiting_since: chat.waitingSince,
    position: chat.position,
    estimated_wait_ms: estimatedWait(chat.position, loads, averageHandleTimeMs),
  }));
  for (const slice of chunksFor(rows, 6)) await trx.insertInto('chat_queue').values(slice).execute();
}
