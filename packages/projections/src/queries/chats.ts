import { CURSOR_PREFIX, decodeCursor, type Page, pageSize, toPage } from '@support-engine/eventstore-postgres';
import { type Kysely, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';
import { afterMessage, fromTheEnd, type MessageOptions, messageLimit } from './messages.js';
import { CHAT_MESSAGE_COLUMNS, type ChatMessageView, type ChatView, chatMessageView, chatView } from './views.js';

/** Filters of {@link listChats}. */
export interface ChatFilter {
  readonly status?: readonly string[];
  readonly assigneeId?: string;
  readonly customerId?: string;
  /** The queue the chat was started in: its category, the skill routing looks for. */
  readonly category?: string;
}

/** Chat sessions, oldest first (at most 500: live chats are few; closed ones belong in history). */
export async function listChats(db: Kysely<ReadModelTables>, filter: ChatFilter = {}): Promise<ChatView[]> {
  let query = db.selectFrom('chat_sessions').selectAll();
  if (filter.status?.length) query = query.where('status', 'in', filter.status);
  if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
  if (filter.category !== undefined) query = query.where('category', '=', filter.category);
  const rows = await query.orderBy('started_at').orderBy('chat_id').limit(500).execute();
  return rows.map(chatView);
}

/** A chat with its transcript. */
export interface ChatDetail {
  readonly chat: ChatView;
  readonly messages: ChatMessageView[];
}

/** One chat and its first (or, with `last`, last) messages, or `null`; `includeInternal: false` leaves staff-only messages out. */
export async function getChat(
  db: Kysely<ReadModelTables>,
  chatId: string,
  options: MessageOptions,
): Promise<ChatDetail | null> {
  const row = await db.selectFrom('chat_sessions').selectAll().where('chat_id', '=', chatId).executeTakeFirst();
  if (!row) return null;
  let messages = db.selectFrom('chat_messages').select(CHAT_MESSAGE_COLUMNS).where('chat_id', '=', chatId);
  if (!options.includeInternal) messages = messages.where('internal', '=', false);
  const after = afterMessage('chat', options);
  if (after !== null) messages = messages.where(after);
  const end = fromTheEnd(options);
  const page = await messages
    .orderBy('seq', end ? 'desc' : 'asc')
    .limit(messageLimit(options))
    .execute();
  return { chat: chatView(row), messages: (end ? page.reverse() : page).map(chatMessageView) };
}

/** Options of {@link listAgentChats}. */
export interface AgentChatsOptions {
  /** `active` (the chats the agent holds) by default; `closed` for the ones they finished. */
  readonly status?: readonly string[];
  readonly category?: string;
  /** Page size, 1..100; 20 by default. */
  readonly first?: number;
  /** Cursor of the previous page's `nextCursor`. */
  readonly after?: string;
}

/**
 * An agent's chats, latest activity first (then by id), paginated by keyset. Activity moves a
 * chat to the front, so one that gets a message while a client pages is shown by the next
 * refresh, not by the page after (as in any list ordered by something that changes).
 */
export async function listAgentChats(
  db: Kysely<ReadModelTables>,
  agentId: string,
  options: AgentChatsOptions = {},
): Promise<Page<ChatView>> {
  const limit = pageSize(options.first);
  let query = db
    .selectFrom('chat_sessions')
    .selectAll()
    .where('assignee_id', '=', agentId)
    .where('status', 'in', options.status?.length ? options.status : ['active']);
  if (options.category !== undefined) query = query.where('category', '=', options.category);
  if (options.after !== undefined) {
    const { at, id } = decodeCursor(options.after, CURSOR_PREFIX.agentChats);
    query = query.where(sql<boolean>`(last_activity_at, chat_id) < (${at}, ${id})`);
  }
  const rows = await query
    .orderBy('last_activity_at', 'desc')
    .orderBy('chat_id', 'desc')
    .limit(limit + 1)
    .execute();
  const keyset = (row: (typeof rows)[number]) => ({ at: row.last_activity_at, id: row.chat_id });
  return toPage(rows, limit, keyset, chatView, CURSOR_PREFIX.agentChats);
}

/** Most messages a transcript holds: far more than any live chat runs to. */
export const MAX_TRANSCRIPT_MESSAGES = 2000;

/** A transcript line: the message and its author's name when the read models know one. */
export type TranscriptMessage = ChatMessageView & { readonly authorName: string | null };

/** A chat with every message of its transcript, in order, each with its author's name. */
export interface ChatTranscriptData {
  readonly chat: ChatView;
  readonly messages: TranscriptMessage[];
  /** True when the chat has more than {@link MAX_TRANSCRIPT_MESSAGES} messages: only the first are here. */
  readonly truncated: boolean;
}

/**
 * One chat's whole transcript (up to {@link MAX_TRANSCRIPT_MESSAGES} messages), or `null`;
 * `includeInternal: false` leaves staff-only messages out. Names come from the agents' and
 * customers' profiles; an author without one (a lead, the automation) is named by id only.
 */
export async function getChatTranscript(
  db: Kysely<ReadModelTables>,
  chatId: string,
  options: Pick<MessageOptions, 'includeInternal'>,
): Promise<ChatTranscriptData | null> {
  const row = await db.selectFrom('chat_sessions').selectAll().where('chat_id', '=', chatId).executeTakeFirst();
  if (!row) return null;
  let messages = db
    .selectFrom('chat_messages as m')
    .leftJoin('agents as a', (join) => join.onRef('a.agent_id', '=', 'm.author_id').on('m.sender', '<>', 'customer'))
    .leftJoin('customers as c', (join) =>
      join.onRef('c.customer_id', '=', 'm.author_id').on('m.sender', '=', 'customer'),
    )
    .select(CHAT_MESSAGE_COLUMNS.map((column) => `m.${column}` as const))
    .select((eb) => eb.fn.coalesce('a.name', 'c.name').as('author_name'))
    .where('m.chat_id', '=', chatId);
  if (!options.includeInternal) messages = messages.where('m.internal', '=', false);
  const found = await messages
    .orderBy('m.seq')
    .limit(MAX_TRANSCRIPT_MESSAGES + 1)
    .execute();
  return {
    chat: chatView(row),
    messages: found
      .slice(0, MAX_TRANSCRIPT_MESSAGES)
      .map((message) => ({ ...chatMessageView(message), authorName: message.author_name })),
    truncated: found.length > MAX_TRANSCRIPT_MESSAGES,
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
