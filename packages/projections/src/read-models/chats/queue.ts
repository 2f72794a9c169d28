import type { AgentLoad } from '@support-engine/domain/agent';
import {
  type ChatPickUp,
  type ChatPriority,
  estimatedWait,
  HANDLE_TIME_SAMPLE,
  queuePositions,
  typicalHandleTime,
} from '@support-engine/domain/chat';
import { sql } from 'kysely';
import type { ReadModelTransaction } from '../../projection.js';
import { chunksFor } from '../chunks.js';

/**
 * Rewrites `chat_queue` from the waiting chats: the domain's queue order and wait estimate
 * over the agents as this projection knows them (available ones count, their active chats use
 * capacity), with the handle time learned from the chats agents handled last
 * ({@link typicalHandleTime}; `configuredHandleTimeMs` until there are enough). The queue is
 * small, so rewriting it whole keeps the positions dense and exact.
 */
export async function refreshQueue(
  trx: ReadModelTransaction,
  configuredHandleTimeMs: number,
  pickUp: ChatPickUp,
): Promise<void> {
  const waiting = await trx
    .selectFrom('chat_sessions')
    .select(['chat_id', 'customer_id', 'priority', 'started_at', 'queued_since'])
    .where('status', '=', 'waiting')
    .execute();
  const agents = await trx.selectFrom('chat_agents').select(['agent_id', 'availability', 'capacity']).execute();
  // Counted from the active chats alone (the status index), not per agent over every chat it
  // ever had: the refresh runs once per batch and must not grow with the table.
  const active = await trx
    .selectFrom('chat_sessions')
    .select('assignee_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'active')
    .groupBy('assignee_id')
    .execute();
  const activeBy = new Map(active.map((row) => [row.assignee_id, Number(row.n)]));
  const loads: AgentLoad[] = agents.map((a) => ({
    availability: a.availability as AgentLoad['availability'],
    capacity: a.capacity,
    activeItems: activeBy.get(a.agent_id) ?? 0,
  }));
  // Closed by someone (not by the inactivity timeout, whose idle half hour is no handling) after an
  // agent took it; the newest first, read from their partial index.
  const handled = await trx
    .selectFrom('chat_sessions')
    .select(sql<number>`extract(epoch from closed_at - assigned_at) * 1000`.as('ms'))
    .where('close_cause', '=', 'ended')
    .where('assigned_at', 'is not', null)
    .orderBy('closed_at', 'desc')
    .orderBy('chat_id', 'desc')
    .limit(HANDLE_TIME_SAMPLE)
    .execute();
  const handleTimeMs = typicalHandleTime(
    handled.map((row) => Number(row.ms)),
    configuredHandleTimeMs,
  );
  const customers = new Map(waiting.map((chat) => [chat.chat_id, chat.customer_id]));
  const queue = queuePositions(
    waiting.map((chat) => ({
      chatId: chat.chat_id,
      priority: chat.priority as ChatPriority,
      // Rows projected before the column (migration 0051) fall back to the start.
      waitingSince: (chat.queued_since ?? chat.started_at).toISOString(),
    })),
  );
  await trx.deleteFrom('chat_queue').execute();
  const rows = queue.map((chat) => ({
    chat_id: chat.chatId,
    customer_id: customers.get(chat.chatId)!,
    priority: chat.priority,
    waiting_since: chat.waitingSince,
    position: chat.position,
    estimated_wait_ms: estimatedWait(chat.position, loads, handleTimeMs, pickUp),
  }));
  for (const slice of chunksFor(rows, 6)) await trx.insertInto('chat_queue').values(slice).execute();
}
