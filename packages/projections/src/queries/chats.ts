import type { Kysely } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { type MessageOptions, messageLimit } from './messages.js';
import { type ChatMessageView, type ChatView, chatMessageView, chatView } from './views.js';

/** Filters of {@link listChats}. */
export interface ChatFilter {
  readonly status?: readonly string[];
  readonly assigneeId?: string;
  readonly customerId?: string;
}

/** Chat sessions, oldest first (at most 500: live chats are few; closed ones belong in history). */
export async function listChats(db: Kysely<ReadModelTables>, filter: ChatFilter = {}): Promise<ChatView[]> {
  let query = db.selectFrom('chat_sessions').selectAll();
  if (filter.status?.length) query = query.where('status', 'in', filter.status);
  if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
  const rows = await query.orderBy('started_at').orderBy('chat_id').limit(500).execute();
  return rows.map(chatView);
}

/** A chat with its transcript. */
export interface ChatDetail {
  readonly chat: ChatView;
  readonly messages: ChatMessageView[];
}

/** One chat and its first messages, or `null`; `includeInternal: false` leaves staff-only messages out. */
export async function getChat(
  db: Kysely<ReadModelTables>,
  chatId: string,
  options: MessageOptions,
): Promise<ChatDetail | null> {
  const row = await db.selectFrom('chat_sessions').selectAll().where('chat_id', '=', chatId).executeTakeFirst();
  if (!row) return null;
  let messages = db.selectFrom('chat_messages').selectAll().where('chat_id', '=', chatId);
  if (!options.includeInternal) messages = messages.where('internal', '=', false);
  return {
    chat: chatView(row),
    messages: (await messages.orderBy('seq').limit(messageLimit(options)).execute()).map(chatMessageView),
  };
}

/** A waiting chat's place in the queue and its estimated wait (`null`: no agent online). */
export interface QueueEntry {
  readonly chatId: string;
  readonly customerId: string;
  readonly priority: string;
  readonly waitingSince: Date;
  readonly position: number;
  readonly estimatedWaitMs: number | null;
}

/** The live queue in order. */
export async function chatQueue(db: Kysely<ReadModelTables>): Promise<QueueEntry[]> {
  const rows = await db.selectFrom('chat_queue').selectAll().orderBy('position').execute();
  return rows.map(queueEntryView);
}

/** One chat's queue entry, or `null` when it is not waiting. */
export async function queueEntry(db: Kysely<ReadModelTables>, chatId: string): Promise<QueueEntry | null> {
  const row = await db.selectFrom('chat_queue').selectAll().where('chat_id', '=', chatId).executeTakeFirst();
  return row ? queueEntryView(row) : null;
}

function queueEntryView(row: {
  chat_id: string;
  customer_id: string;
  priority: string;
  waiting_since: Date;
  position: number;
  estimated_wait_ms: string | null;
}): QueueEntry {
  return {
    chatId: row.chat_id,
    customerId: row.customer_id,
    priority: row.priority,
    waitingSince: row.waiting_since,
    position: row.position,
    estimatedWaitMs: row.estimated_wait_ms === null ? null : Number(row.estimated_wait_ms),
  };
}
