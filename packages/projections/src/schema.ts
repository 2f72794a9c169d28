import type { MessageAttachment } from '@support-engine/domain/attachment';
import type { MailOrigin } from '@support-engine/domain/inbound-mail';
import type { LinkedArticle } from '@support-engine/domain/ticket';
import type { CustomerInboxTables } from '@support-engine/inbox';
import type { ColumnType, Generated } from 'kysely';
import type { AgentPresenceColumns, AgentsColumns } from './read-models/agents/columns.js';
import type {
  ChatAgentsColumns,
  ChatHoldsColumns,
  ChatMessagesColumns,
  ChatSessionsColumns,
} from './read-models/chats/columns.js';
import type { TicketsColumns } from './read-models/tickets/columns.js';

/**
 * Timestamps are written as ISO strings or Dates and read back as Dates (pg's default parser).
 * Bigint columns are written as strings or numbers and read as strings (pg keeps int8 exact).
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;
type NullableInt8 = ColumnType<string | null, string | number | null, string | number | null>;
/** A column PostgreSQL computes (tsvector): never written, rarely read. */
type Computed<T> = ColumnType<T, never, never>;
type Json<T> = ColumnType<T, string, string>;

/**
 * Every read-model table, as kysely sees it; the customer inbox's are the inbox package's (the
 * tickets projection fills them through it, and a rebuild empties and hashes them with its own).
 */
export interface ReadModelTables extends CustomerInboxTables {
  projection_checkpoints: ProjectionCheckpointsTable;
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  ticket_status_counts: TicketStatusCountsTable;
  ticket_report_rollup: TicketReportRollupTable;
  customers: CustomersTable;
  chat_sessions: ChatSessionsTable;
  chat_messages: ChatMessagesTable;
  chat_queue: ChatQueueTable;
  chat_agents: ChatAgentsTable;
  chat_holds: ChatHoldsTable;
  agents: AgentsTable;
  agent_presence: AgentPresenceTable;
  ticket_snapshots: TicketSnapshotsTable;
  kb_articles: KbArticlesTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_words: KbWordsTable;
  kb_article_votes: KbArticleVotesTable;
  kb_article_views: KbArticleViewsTable;
  kb_search_gaps: KbSearchGapsTable;
  kb_visitor_views: KbVisitorViewsTable;
  kb_search_heads: KbSearchHeadsTable;
  kb_search_revision: KbSearchRevisionTable;
  staff_inbox_views: StaffInboxViewsTable;
  staff_members: StaffMembersTable;
  held_mails: HeldMailsTable;
  mailboxes: MailboxesTable;
  widgets: WidgetsTable;
}

/** A configured mailbox (the `mailboxes` projection of stream `mailboxes-default`); nulls leave the engine's default. */
export interface MailboxesTable {
  /** Its address, as its key: lower case. */
  address: string;
  name: string;
  category: string | null;
  language: string | null;
  priority: string | null;
  active: boolean;
  version: number;
  updated_at: Timestamp;
}

/** A chat widget key (the `widgets` projection of stream `widgets-default`); JSON as the domain records it. */
export interface WidgetsTable {
  widget_key: string;
  name: string;
  allowed_origins: Json<string[]>;
  topics: Json<{ id: string; label: Record<string, string>; categoryId: string }[]>;
  greeting: ColumnType<Record<string, string> | null, string | null, string | null>;
  version: number;
  updated_at: Timestamp;
}

/** A staff member's saved inbox view: `filter` is the domain's `InboxViewFilter`, `sort` its order. */
/** A staff member as their profile names them (`StaffProfileSet`): any role, agents included. */
export interface StaffMembersTable {
  staff_id: string;
  name: string;
  updated_at: Timestamp;
}

export interface StaffInboxViewsTable {
  staff_id: string;
  view_id: string;
  /** 0-based place among the staff member's views. */
  position: number;
  name: string;
  filter: Json<Record<string, unknown>>;
  sort: string;
  /** Offered to the whole team too (`InboxViewSaved.shared`). */
  shared: Generated<boolean>;
  updated_at: Timestamp;
}

/**
 * A message held for review (the `heldmails` projection's): what a reviewer reads of it, and once
 * decided, who decided what and when. `created_at` is when it was held.
 */
export interface HeldMailsTable {
  held_mail_id: string;
  ticket_id: string;
  reason: string;
  /** The `From` header as received. */
  sender: string;
  subject: string;
  excerpt: string;
  attachment_count: number;
  /** The sender's SPF, DKIM and DMARC verdicts (the domain's `MailAuthentication`). */
  authentication: Json<Record<string, string>>;
  received_at: Timestamp;
  created_at: Timestamp;
  /** pending, accepted or discarded. */
  state: string;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  note: string | null;
}

/** Where each projection stands in the global log: the `(transactionId, globalPosition)` pair. */
export interface ProjectionCheckpointsTable {
  name: string;
  transaction_id: Int8;
  global_position: Int8;
  events_applied: Int8;
  updated_at: Timestamp;
}

/** One row per ticket: its current state, SLA standing and the facts the metrics aggregate (columns in `TICKET_TABLE`). */
export interface TicketsTable extends TicketsColumns {
  search: Computed<string>;
}

/** The description, every reply, note and transcript line of a ticket. */
export interface TicketMessagesTable {
  message_id: string;
  ticket_id: string;
  seq: number;
  /** `customer`, `agent` or `system`: who wrote it, from the actor's role. */
  author_kind: string;
  author_id: string;
  /** `description`, `reply` or `transcript`. */
  source: string;
  internal: boolean;
  body: string;
  at: Timestamp;
  search: Computed<string>;
  /** The message's files (`MessageAttachment`s), `[]` when none. */
  attachments: Json<MessageAttachment[]>;
  /** The knowledge-base articles an agent's message links (`LinkedArticle`s), `[]` when none. */
  articles: Json<LinkedArticle[]>;
  /** The mail it came as, null unless it came by mail. */
  mail: ColumnType<MailOrigin | null, string | null, string | null>;
}

/** Tickets per status. */
/**
 * The ticket report rollup (see `read-models/tickets/report-rollup.ts`): one row per bucket of
 * opening, dimension and key. Its figure columns (`ROLLUP_FIGURES`) are read and written through
 * raw SQL built from that list, so only the key and the ticket count are typed here.
 */
export interface TicketReportRollupTable {
  dimension: string;
  grain: string;
  bucket: Timestamp;
  key: string;
  tickets: number;
}

export interface TicketStatusCountsTable {
  status: string;
  count: Int8;
}

/**
 * Customers seen in ticket or profile events, with their profile's delivery preference and
 * language (the default `both` and no language until a profile event says otherwise).
 */
export interface CustomersTable {
  customer_id: string;
  delivery_preference: string;
  /** The BCP 47 tag the customer registered with: the inbox's locale (`null`: the ticket's language). */
  language: string | null;
  first_seen_at: Timestamp;
  /** The registered profile; null for a customer only ever seen on tickets. */
  name: string | null;
  email: string | null;
  company: string | null;
  plan: string | null;
  /** The number on file, international form (`+` and digits). */
  phone: string | null;
  /** The IANA zone the customer's dates are shown in (`null`: UTC). */
  time_zone: string | null;
  /** "Customer since": when they registered. */
  registered_at: NullableTimestamp;
  /** The address the customer gave themself, not theirs until they confirm it (`email` meanwhile). */
  pending_email: string | null;
  /** Until when `pending_email` can be confirmed. */
  pending_email_expires_at: NullableTimestamp;
  /** `email` as it bounced hard (a mail to it came back undeliverable): not mailed, told in-app; null: none. */
  email_bounced: string | null;
  /** The address that last failed for now (a soft bounce), and when: it stands while `email` is the same mailbox. */
  email_soft_bounced: string | null;
  email_soft_bounced_at: NullableTimestamp;
  /** The customer this one was merged into (a widget visitor who identified); null: a customer of their own. */
  merged_into: string | null;
}

/** One row per chat (columns in `CHAT_SESSIONS_TABLE`). */
export type ChatSessionsTable = ChatSessionsColumns;

/** Every message of every chat (columns in `CHAT_MESSAGES_TABLE`). */
export interface ChatMessagesTable extends ChatMessagesColumns {
  /** The body's words for transcript search (`to_tsvector('simple', body)`). */
  search: Computed<string>;
}

/** The waiting chats in queue order with the wait estimate shown to the customer. */
export interface ChatQueueTable {
  chat_id: string;
  customer_id: string;
  priority: string;
  waiting_since: Timestamp;
  position: number;
  /** `null` when no agent is online: no honest estimate exists. */
  estimated_wait_ms: NullableInt8;
}

/** The chats projection's own view of agents (columns in `CHAT_AGENTS_TABLE`). */
export type ChatAgentsTable = ChatAgentsColumns;

/** Who held each chat when (columns in `CHAT_HOLDS_TABLE`). */
export type ChatHoldsTable = ChatHoldsColumns;

/** Agents with availability, capacity and current workload (columns in `AGENTS_TABLE`). */
export type AgentsTable = AgentsColumns;

/** Each agent's presence over time (columns in `AGENT_PRESENCE_TABLE`). */
export type AgentPresenceTable = AgentPresenceColumns;

/**
 * Saved ticket states for as-of reads: a cache, never evidence (the event log and its hash
 * chain are). `state_version` names the code that folded the state; other versions are ignored.
 */
export interface TicketSnapshotsTable {
  stream_id: string;
  state_version: string;
  /** The stream version the state was folded to (every event up to it, none after). */
  version: number;
  /** The latest `recorded_at` among those events: the state holds for any instant from then on. */
  recorded_at: Timestamp;
  /** The stored hash of the event at `version`: a rewritten history no longer matches it. */
  event_hash: string;
  state: Json<unknown>;
}

/** A file attached to an article, by reference: the attachment store holds its bytes. */
export interface KbAttachment {
  attachmentId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** The content's SHA-256, as the article's event records it; absent from files attached before digests were kept. */
  sha256?: string;
}

/** Text and metadata an article row and a published version share. */
interface KbArticleText {
  article_id: string;
  /** BCP 47 tag (`fr`, `en-GB`, ...): picks the text search configuration. */
  locale: string;
  slug: string;
  title: string;
  excerpt: string;
  body_markdown: string;
  /** The Markdown rendered and sanitized: safe to put in a page as it is. */
  body_html: string;
  /** The Markdown's words without markup: what is indexed and cut into snippets. */
  body_text: string;
  category_id: string | null;
  tags: ColumnType<string[], string[], string[]>;
  author_id: string;
  /** Other articles a reader may want next. */
  related: ColumnType<string[], string[] | undefined, string[]>;
  /** Files attached, by reference to the attachment store (id, name, media type, size). */
  attachments: ColumnType<KbAttachment[], string | undefined, string>;
  /** Name of the text search configuration the row was indexed with (`kb_french`, ...). */
  search_config: string;
  /** The title lower-cased with accents folded: the trigram index for autocomplete. */
  title_folded: string;
  /** Title (weight A), excerpt and tags (B), body (C), analysed with `search_config`. */
  search: string;
  /** Title (A), excerpt and tags (B) only: small, so search takes its candidates from it first. */
  search_head: string;
  /** The body's text in passages of a few sentences: what a search snippet is cut from. */
  passages: ColumnType<string[], string[] | undefined, string[]>;
  /** Each passage analysed with `search_config`, in the same order: which passage a query matches best. */
  passage_search: ColumnType<string[], string[] | undefined, string[]>;
}

/** One row per knowledge-base article: its current (working) state, drafts included. */
export interface KbArticlesTable extends KbArticleText {
  /** As the domain names it: `draft`, `in_review`, `published`, `archived`, ... */
  status: string;
  /**
   * The article's own translation links, as its stream records them (locale → the linked
   * article): what readers are shown as its translations.
   */
  translations: ColumnType<Record<string, string>, Record<string, string> | undefined, Record<string, string>>;
  /** The version customers read (`null`: never published). */
  published_version: number | null;
  published_at: NullableTimestamp;
  /**
   * Where the revision of the live version stands (`draft`, `in_review`), while the article stays
   * `published`; `null` when none is under way (an article never published shows its own in `status`).
   */
  revision_status: ColumnType<string | null, string | null | undefined, string | null>;
  helpful_votes: ColumnType<number, number | undefined, number>;
  unhelpful_votes: ColumnType<number, number | undefined, number>;
  views: ColumnType<string, string | number | undefined, string | number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Every published version of every article; `is_current` marks the one customers read. */
export interface KbArticleVersionsTable extends KbArticleText {
  version: number;
  published_by: string;
  published_at: Timestamp;
  is_current: boolean;
}

/**
 * Words of what customers read now (the current versions of articles not archived), accents
 * folded: the vocabulary misspelt query words are corrected to.
 */
export interface KbWordsTable {
  word: string;
  /** The locale of the text it came from. */
  locale: string;
  /** How many articles' current versions hold it (a row is removed when none does). */
  articles: number;
}

/** A reader's vote on one published version (the latest, when they changed it). */
export interface KbArticleVotesTable {
  article_id: string;
  version: number;
  reader_id: string;
  helpful: boolean;
  comment: string | null;
  voted_at: Timestamp;
}

/** A reader's first view of an article on a UTC day: what view counts and self-service are measured from. */
export interface KbArticleViewsTable {
  reader_id: string;
  article_id: string;
  /** `YYYY-MM-DD` (UTC). */
  day: ColumnType<string, string, string>;
  version: number;
  /** Who read: `customer`, a staff role, or `system` for a visitor without an account. */
  reader_role: string;
  viewed_at: Timestamp;
}

/** Views by a public help center's visitors (no account), per article and UTC hour (its start); written by the API, not from the log. */
export interface KbVisitorViewsTable {
  article_id: string;
  hour: Timestamp;
  views: Int8;
}

/** Searches that found nothing, per query (as `searchGapQuery` keeps it) and locale (`''`: every locale). */
export interface KbSearchGapsTable {
  query: string;
  locale: string;
  searches: number;
  first_at: Timestamp;
  last_at: Timestamp;
}

/**
 * What each audience may find: `customer` rows for the current published version of each
 * article, `staff` rows for the working text of each article not archived. Search takes its
 * candidates from these narrow rows.
 */
/** One row: the transaction that last changed what a knowledge-base search can find (stamped by triggers). */
export interface KbSearchRevisionTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  changed_in: Int8;
}

export interface KbSearchHeadsTable {
  audience: 'customer' | 'staff';
  article_id: string;
  locale: string;
  category_id: string | null;
  tags: ColumnType<string[], string[], string[]>;
  /** Title (A), excerpt and tags (B). */
  search_head: string;
}
