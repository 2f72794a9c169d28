import type { MessageAttachment } from '@support-engine/domain/attachment';
import { instant, int8, json, nullableInstant, plain, type RowOf, type TableOf } from '../columns.js';

/** `chat_sessions`: one row per chat (see `read-models/columns.ts` for what derives from it). */
export const CHAT_SESSIONS_TABLE = {
  chat_id: plain<string>(),
  customer_id: plain<string>(),
  status: plain<string>(),
  priority: plain<string>(),
  category: plain<string | null>(),
  language: plain<string | null>(),
  assignee_id: plain<string | null>(),
  started_at: instant,
  /** Since when it waits in the queue (the domain's `chatQueuedSince`); null while it does not. */
  queued_since: nullableInstant,
  assigned_at: nullableInstant,
  last_activity_at: instant,
  /** The inactivity timeout the chat started under (null: the deployment's, or started before this column existed). */
  inactivity_timeout_ms: plain<number | null>(),
  closed_at: nullableInstant,
  close_cause: plain<string | null>(),
  ticket_id: plain<string | null>(),
  message_count: plain<number>(),
  /** The messages a customer sees: internal notes left out. */
  public_message_count: plain<number>(),
  csat_score: plain<number | null>(),
  csat_comment: plain<string | null>(),
  follow_up_requested: plain<boolean>(),
  /** When a low rating asked for a follow-up (null: none asked, or asked before this column existed). */
  follow_up_requested_at: nullableInstant,
  /** When a supervisor recorded the follow-up done, and what they noted. */
  follow_up_completed_at: nullableInstant,
  follow_up_note: plain<string | null>(),
  /** The version of the chat's stream the row shows (null: not changed since the column was added). */
  version: plain<number | null>(),
};

/** `chat_messages`: every message of every chat (`schema.ts` adds the computed `search`). */
export const CHAT_MESSAGES_TABLE = {
  chat_id: plain<string>(),
  message_id: plain<string>(),
  /** The message's number in its chat, from 1 (the session's count once it is counted). */
  seq: plain<number>(),
  sender: plain<string>(),
  author_id: plain<string>(),
  body: plain<string>(),
  internal: plain<boolean>(),
  at: instant,
  /** The message's files, `[]` when none. */
  attachments: json<MessageAttachment[]>(),
};

/** `chat_agents`: the chats projection's own view of agents (availability, capacity) for the wait estimate. */
export const CHAT_AGENTS_TABLE = {
  agent_id: plain<string>(),
  availability: plain<string>(),
  capacity: plain<number>(),
};

/**
 * `chat_holds`: who held each chat when, one row per assignment or transfer, open (`held_until`
 * null) while the chat stays with that agent. Keyed by the event's log position, so a rebuild
 * writes the same rows.
 */
export const CHAT_HOLDS_TABLE = {
  chat_id: plain<string>(),
  /** The log position of the assignment or transfer that began it. */
  position: int8,
  agent_id: plain<string>(),
  held_from: instant,
  held_until: nullableInstant,
};

export type ChatSessionsColumns = TableOf<typeof CHAT_SESSIONS_TABLE>;
export type ChatMessagesColumns = TableOf<typeof CHAT_MESSAGES_TABLE>;
export type ChatAgentsColumns = TableOf<typeof CHAT_AGENTS_TABLE>;
export type ChatHoldsColumns = TableOf<typeof CHAT_HOLDS_TABLE>;

/** A `chat_sessions` row held in memory while a batch is folded; instants are ISO strings. */
export type ChatRow = RowOf<typeof CHAT_SESSIONS_TABLE>;
/** A `chat_messages` row. */
export type ChatMessageRow = RowOf<typeof CHAT_MESSAGES_TABLE>;
/** The chats projection's own view of an agent (`chat_agents`), for the wait estimate. */
export type ChatAgentRow = RowOf<typeof CHAT_AGENTS_TABLE>;
/** A `chat_holds` row: who held the chat from when, open (`held_until` null) while they still do. */
export type ChatHoldRow = RowOf<typeof CHAT_HOLDS_TABLE>;
