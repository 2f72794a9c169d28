import type { ReadModelTransaction } from '../../projection.js';
import { chunksFor } from '../chunks.js';
import { rowFromDb, rowToDb } from '../columns.js';
import { insertRows, upsertRows } from '../fold.js';
import { CHAT_HOLDS_TABLE, CHAT_MESSAGES_TABLE, CHAT_SESSIONS_TABLE } from './columns.js';
import type { ChatAgentRow, ChatHoldRow, ChatMessageRow, ChatRow, ChatState } from './row.js';

/** The state of each chat in `ids`: its session if started, and its open holds. */
export async function loadChats(trx: ReadModelTransaction, ids: readonly string[]): Promise<Map<string, ChatState>> {
  const rows = new Map<string, ChatRow>();
  const open = new Map<string, ChatHoldRow[]>();
  for (const slice of chunksFor(ids, 1)) {
    for (const row of await trx.selectFrom('chat_sessions').selectAll().where('chat_id', 'in', slice).execute()) {
      rows.set(row.chat_id, rowFromDb(CHAT_SESSIONS_TABLE, row));
    }
    const holds = await trx
      .selectFrom('chat_holds')
      .selectAll()
      .where('chat_id', 'in', slice)
      .where('held_until', 'is', null)
      .orderBy('position')
      .execute();
    for (const held of holds) {
      const list = open.get(held.chat_id) ?? [];
      list.push(rowFromDb(CHAT_HOLDS_TABLE, held));
      open.set(held.chat_id, list);
    }
  }
  return new Map(ids.map((id) => [id, { row: rows.get(id), open: open.get(id) ?? [] }]));
}

/** The chats' view of each agent in `ids` that registered. */
export async function loadChatAgents(
  trx: ReadModelTransaction,
  ids: readonly string[],
): Promise<Map<string, ChatAgentRow>> {
  const rows = new Map<string, ChatAgentRow>();
  for (const slice of chunksFor(ids, 1)) {
    for (const row of await trx.selectFrom('chat_agents').selectAll().where('agent_id', 'in', slice).execute()) {
      rows.set(row.agent_id, row);
    }
  }
  return rows;
}

/** Inserts or overwrites chat sessions, many per statement. */
export async function saveChats(trx: ReadModelTransaction, rows: readonly ChatRow[]): Promise<void> {
  await upsertRows(trx, 'chat_sessions', ['chat_id'], rows as unknown as Record<string, unknown>[]);
}

/** Inserts messages, many per statement; a message is added once, by the event that sent it. */
export async function saveChatMessages(trx: ReadModelTransaction, messages: readonly ChatMessageRow[]): Promise<void> {
  await insertRows(
    trx,
    'chat_messages',
    messages.map((m) => rowToDb(CHAT_MESSAGES_TABLE, m)),
  );
}

/** Inserts holds, or closes those already there. */
export async function saveChatHolds(trx: ReadModelTransaction, holds: readonly ChatHoldRow[]): Promise<void> {
  await upsertRows(trx, 'chat_holds', ['chat_id', 'position'], holds as unknown as Record<string, unknown>[]);
}

/** Inserts or overwrites the chats' view of agents. */
export async function saveChatAgents(trx: ReadModelTransaction, rows: readonly ChatAgentRow[]): Promise<void> {
  await upsertRows(trx, 'chat_agents', ['agent_id'], rows as unknown as Record<string, unknown>[]);
}
