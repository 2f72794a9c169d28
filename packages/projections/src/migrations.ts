import { migrateCustomerInbox } from '@support-engine/inbox';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { EXTENSION_SCHEMA, messageWordsOf, TEXT_SEARCH_CONFIGS } from './read-models/articles/text-search.js';
import { fillReportRollup } from './read-models/tickets/report-rollup.js';
import type { ReadModelTables } from './schema.js';

// Each entry is one statement with unqualified names: the tables land in the connection's
// `search_path` schema, which is how a rebuild migrates a fresh schema (see `database.ts`).
const initialSchema: readonly string[] = [
  `create table projection_checkpoints (
    name text primary key,
    transaction_id bigint not null,
    global_position bigint not null,
    events_applied bigint not null default 0,
    updated_at timestamptz not null default now()
  )`,
  `create table tickets (
    ticket_id text primary key,
    customer_id text not null,
    subject text not null,
    status text not null,
    priority text not null,
    opening_priority text not null,
    category text,
    channel text not null,
    language text,
    tier integer not null,
    assignee_id text,
    proactive boolean not null,
    opened_at timestamptz not null,
    updated_at timestamptz not null,
    status_since timestamptz not null,
    first_response_at timestamptz,
    first_response_ms bigint,
    last_customer_message_at timestamptz,
    resolved_at timestamptz,
    resolution_ms bigint,
    closed_at timestamptz,
    close_reason text,
    reopen_count integer not null,
    reminders_sent integer not null,
    message_count integer not null,
    sla_state text not null,
    sla_next_deadline timestamptz,
    sla_next_deadline_metric text,
    sla_first_response text not null,
    sla_next_response text not null,
    sla_resolution text not null,
    sla_warnings_recorded integer not null,
    sla_breaches_recorded integer not null,
    sla_facts jsonb not null,
    csat_score integer,
    csat_comment text,
    follow_up_requested boolean not null,
    version integer not null,
    search tsvector generated always as (to_tsvector('simple', subject)) stored
  )`,
  // The ticket list pages by (opened_at, ticket_id) descending; filters narrow it first.
  'create index tickets_page on tickets (opened_at desc, ticket_id desc)',
  'create index tickets_status on tickets (status, opened_at desc)',
  'create index tickets_assignee on tickets (assignee_id, opened_at desc)',
  'create index tickets_customer on tickets (customer_id, opened_at desc)',
  'create index tickets_search on tickets using gin (search)',
  `create table ticket_messages (
    message_id text primary key,
    ticket_id text not null,
    seq integer not null,
    author_kind text not null,
    author_id text not null,
    source text not null,
    internal boolean not null,
    body text not null,
    at timestamptz not null,
    search tsvector generated always as (to_tsvector('simple', body)) stored
  )`,
  'create index ticket_messages_ticket on ticket_messages (ticket_id, seq)',
  'create index ticket_messages_search on ticket_messages using gin (search)',
  `create table ticket_status_counts (
    status text primary key,
    count bigint not null
  )`,
  `create table customers (
    customer_id text primary key,
    delivery_preference text not null default 'both',
    first_seen_at timestamptz not null
  )`,
  `create table customer_notifications (
    notification_id text primary key,
    customer_id text not null,
    ticket_id text not null,
    kind text not null,
    text text not null,
    channels text[] not null,
    created_at timestamptz not null
  )`,
  'create index customer_notifications_inbox on customer_notifications (customer_id, created_at desc, notification_id desc)',
  `create table chat_sessions (
    chat_id text primary key,
    customer_id text not null,
    status text not null,
    priority text not null,
    category text,
    language text,
    assignee_id text,
    started_at timestamptz not null,
    assigned_at timestamptz,
    last_activity_at timestamptz not null,
    closed_at timestamptz,
    close_cause text,
    ticket_id text,
    message_count integer not null,
    csat_score integer,
    csat_comment text,
    follow_up_requested boolean not null
  )`,
  'create index chat_sessions_status on chat_sessions (status, started_at)',
  `create table chat_messages (
    chat_id text not null,
    message_id text not null,
    seq integer not null,
    sender text not null,
    author_id text not null,
    body text not null,
    internal boolean not null,
    at timestamptz not null,
    primary key (chat_id, message_id)
  )`,
  `create table chat_queue (
    chat_id text primary key,
    customer_id text not null,
    priority text not null,
    waiting_since timestamptz not null,
    position integer not null,
    estimated_wait_ms bigint
  )`,
  `create table chat_agents (
    agent_id text primary key,
    availability text not null,
    capacity integer not null
  )`,
  `create table agents (
    agent_id text primary key,
    name text not null,
    skills text[] not null,
    languages text[] not null,
    tier integer not null,
    capacity integer not null,
    performance_rating double precision not null,
    availability text not null,
    active_tickets integer not null,
    active_chats integer not null,
    registered_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  `create table agent_work_items (
    kind text not null,
    item_id text not null,
    agent_id text,
    active boolean not null,
    primary key (kind, item_id)
  )`,
  'create index agent_work_items_agent on agent_work_items (agent_id) where active',
];

function migration(statements: readonly string[]): Migration {
  return {
    async up(db) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

/**
 * The statements that make the ticket and chat texts' generated `search` columns anew as
 * `vectorOf(column)`, with their indexes: a generated column's expression cannot change, so each
 * is dropped, with its index, and made again.
 */
function searchColumnsOf(vectorOf: (column: string) => string): string[] {
  return (
    [
      ['tickets', 'subject'],
      ['ticket_messages', 'body'],
      ['chat_messages', 'body'],
    ] as const
  ).flatMap(([table, column]) => [
    `alter table ${table} drop column search`,
    `alter table ${table} add column search tsvector generated always as (${vectorOf(column)}) stored`,
    `create index ${table}_search on ${table} using gin (search)`,
  ]);
}

// Routing: the queue of unassigned tickets (since when each waits, and the supervisors' queue),
// ticket caps, the five presence states, and workload counted from the agents' own ledgers (work
// assigned before the ledger existed occupies no slot, so its counts start at 0 as a rebuild's would).
const routing: readonly string[] = [
  'alter table tickets add column queued_since timestamptz',
  'alter table tickets add column with_supervisors boolean not null default false',
  `update tickets set queued_since = status_since
    where assignee_id is null and status not in ('resolved', 'closed')`,
  'create index tickets_queue on tickets (queued_since) where queued_since is not null',
  'create index tickets_supervisors on tickets (opened_at) where with_supervisors',
  'alter table agents add column ticket_capacity integer',
  `update agents set availability = case availability when 'online' then 'available' when 'away' then 'break' else availability end`,
  `update chat_agents set availability = case availability when 'online' then 'available' when 'away' then 'break' else availability end`,
  'update agents set active_tickets = 0, active_chats = 0',
  'drop table agent_work_items',
];

// As-of reads: saved ticket states, looked up by stream and state version, latest version first.
const ticketSnapshots: readonly string[] = [
  `create table ticket_snapshots (
    stream_id text not null,
    state_version text not null,
    version integer not null,
    recorded_at timestamptz not null,
    event_hash text not null,
    state jsonb not null,
    primary key (stream_id, state_version, version)
  )`,
];

// Messages a customer can see (internal notes left out), counted apart from all messages.
const publicMessageCounts: readonly string[] = [
  'alter table tickets add column public_message_count integer not null default 0',
  `update tickets set public_message_count =
    (select count(*) from ticket_messages m where m.ticket_id = tickets.ticket_id and not m.internal)`,
  'alter table chat_sessions add column public_message_count integer not null default 0',
  `update chat_sessions set public_message_count =
    (select count(*) from chat_messages m where m.chat_id = chat_sessions.chat_id and not m.internal)`,
];

// Notifications in the customer's language: the customer's language, and a title on inbox rows.
// Rows written before titles existed were English; their titles are read back from their texts.
const notificationLocales: readonly string[] = [
  'alter table customers add column language text',
  'alter table customer_notifications add column title text',
  `update customer_notifications set title = case
    when text like 'Second reminder: %' then 'Support ticket: Second reminder'
    when text like 'Reminder: %' then 'Support ticket: Reminder'
    when text like '%'' has a new reply' then 'Support ticket: New reply'
    when text like '%'' is waiting for your reply' then 'Support ticket: Waiting for your reply'
    when text like '%'' is resolved' then 'Support ticket: Resolved'
    else 'Support ticket: Closed' end`,
  'alter table customer_notifications alter column title set not null',
];

// SLA terms as data: the policy (and its version) each ticket recorded as governing it; null
// while the deployment's bootstrap policy governs (every ticket projected before this).
const slaTerms: readonly string[] = [
  'alter table tickets add column sla_policy_id text',
  'alter table tickets add column sla_policy_version integer',
];

// Triage tags on tickets, filtered with `@>` through a GIN index.
const ticketTags: readonly string[] = [
  "alter table tickets add column tags text[] not null default '{}'",
  'create index tickets_tags on tickets using gin (tags)',
  // The staleness views: longest in its status first, usually narrowed to a status.
  'create index tickets_status_since on tickets (status, status_since, ticket_id)',
];

// Customer profiles: who the customer is, for the customer query, customer search and ticket
// search by the customer's name or email.
const customerProfiles: readonly string[] = [
  'alter table customers add column name text',
  'alter table customers add column email text',
  'alter table customers add column company text',
  'alter table customers add column plan text',
  'alter table customers add column registered_at timestamptz',
  'create index customers_email on customers (lower(email))',
];

// The search heads; related articles and attachment references on articles and versions; readers' votes (one per reader and version, changeable) and views (one per reader, article and
// UTC day: what self-service is measured from), and the searches that found nothing (content
// gaps, counted per query as typed, folded to lower case).
const kbFeedback: readonly string[] = [
  // Search ranks a bounded set of candidates, taken from the small vector of title, excerpt and
  // tags (weights A and B) before the whole text's: see queries/articles.ts. The large columns
  // live out of line, uncompressed, so the rows a scan of the whole text fetches stay narrower.
  ...['kb_articles', 'kb_article_versions'].flatMap((table) => [
    `alter table ${table} add column search_head tsvector not null default ''`,
    ...['body_markdown', 'body_html', 'body_text', 'search'].map(
      (column) => `alter table ${table} alter column ${column} set storage external`,
    ),
  ]),
  // What each audience may find, one narrow row per article: what search takes its candidates
  // from (a candidate scan then reads a few small rows per page rather than wide article rows).
  `create table kb_search_heads (
    audience text not null,
    article_id text not null,
    locale text not null,
    category_id text,
    tags text[] not null,
    search_head tsvector not null,
    primary key (audience, article_id)
  )`,
  "create index kb_search_heads_customer on kb_search_heads using gin (search_head) where audience = 'customer'",
  "create index kb_search_heads_staff on kb_search_heads using gin (search_head) where audience = 'staff'",
  "alter table kb_articles add column related text[] not null default '{}'",
  "alter table kb_articles add column attachments jsonb not null default '[]'",
  "alter table kb_article_versions add column related text[] not null default '{}'",
  "alter table kb_article_versions add column attachments jsonb not null default '[]'",
  `create table kb_article_votes (
    article_id text not null,
    version integer not null,
    reader_id text not null,
    helpful boolean not null,
    comment text,
    voted_at timestamptz not null,
    primary key (article_id, version, reader_id)
  )`,
  `create table kb_article_views (
    reader_id text not null,
    article_id text not null,
    day date not null,
    version integer not null,
    reader_role text not null,
    viewed_at timestamptz not null,
    primary key (reader_id, article_id, day)
  )`,
  'create index kb_article_views_viewed_at on kb_article_views (viewed_at)',
  'create index tickets_customer_opened on tickets (customer_id, opened_at)',
  `create table kb_search_gaps (
    query text not null,
    locale text not null,
    searches integer not null,
    first_at timestamptz not null,
    last_at timestamptz not null,
    primary key (query, locale)
  )`,
];

// The knowledge base's read side. `unaccent` and `pg_trgm` are per database, installed once in
// their own schema (moved there if an earlier install put them elsewhere) so a rebuild schema,
// whose `search_path` holds only itself, reaches them by name; the lock keeps a live and a
// rebuild migration from racing to create them. Text search configurations are schema objects:
// each read-model schema gets its own, which fold accents before stemming.
const X = EXTENSION_SCHEMA;
const knowledgeBase: readonly string[] = [
  "select pg_advisory_xact_lock(hashtext('read_model_extensions'))",
  `create schema if not exists ${X}`,
  `create extension if not exists unaccent with schema ${X}`,
  `create extension if not exists pg_trgm with schema ${X}`,
  `do $$ begin
    if (select extnamespace::regnamespace::text from pg_extension where extname = 'unaccent') <> '${X}' then
      alter extension unaccent set schema ${X};
    end if;
    if (select extnamespace::regnamespace::text from pg_extension where extname = 'pg_trgm') <> '${X}' then
      alter extension pg_trgm set schema ${X};
    end if;
  end $$`,
  `create text search configuration ${TEXT_SEARCH_CONFIGS.fr} (copy = pg_catalog.french)`,
  `alter text search configuration ${TEXT_SEARCH_CONFIGS.fr}
    alter mapping for hword, hword_part, word with ${X}.unaccent, french_stem`,
  `create text search configuration ${TEXT_SEARCH_CONFIGS.en} (copy = pg_catalog.english)`,
  `alter text search configuration ${TEXT_SEARCH_CONFIGS.en}
    alter mapping for hword, hword_part, word with ${X}.unaccent, english_stem`,
  `create text search configuration ${TEXT_SEARCH_CONFIGS.other} (copy = pg_catalog.simple)`,
  `alter text search configuration ${TEXT_SEARCH_CONFIGS.other}
    alter mapping for hword, hword_part, word with ${X}.unaccent, simple`,
  // The current state of each article: the working copy staff edit and search (drafts included).
  `create table kb_articles (
    article_id text primary key,
    locale text not null,
    slug text not null,
    status text not null,
    title text not null,
    excerpt text not null,
    body_markdown text not null,
    body_html text not null,
    body_text text not null,
    category_id text,
    tags text[] not null,
    author_id text not null,
    translation_group_id text,
    published_version integer,
    published_at timestamptz,
    helpful_votes integer not null default 0,
    unhelpful_votes integer not null default 0,
    views bigint not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    search_config text not null,
    title_folded text not null,
    search tsvector not null
  )`,
  'create index kb_articles_slug on kb_articles (locale, slug)',
  'create index kb_articles_translations on kb_articles (translation_group_id) where translation_group_id is not null',
  'create index kb_articles_search on kb_articles using gin (search)',
  `create index kb_articles_title on kb_articles using gin (title_folded ${X}.gin_trgm_ops)`,
  // Every published version, kept; the one customers read is flagged current (none while archived).
  `create table kb_article_versions (
    article_id text not null,
    version integer not null,
    locale text not null,
    slug text not null,
    title text not null,
    excerpt text not null,
    body_markdown text not null,
    body_html text not null,
    body_text text not null,
    category_id text,
    tags text[] not null,
    author_id text not null,
    published_by text not null,
    published_at timestamptz not null,
    is_current boolean not null,
    search_config text not null,
    title_folded text not null,
    search tsvector not null,
    primary key (article_id, version)
  )`,
  'create index kb_article_versions_slug on kb_article_versions (locale, slug) where is_current',
  'create index kb_article_versions_search on kb_article_versions using gin (search) where is_current',
  `create index kb_article_versions_title on kb_article_versions using gin (title_folded ${X}.gin_trgm_ops) where is_current`,
  // Words of published text, accents folded: what a misspelt query word is corrected to.
  'create table kb_words (word text primary key)',
  `create index kb_words_trigrams on kb_words using gin (word ${X}.gin_trgm_ops)`,
];

// What a search sees changes only with the knowledge base's searchable rows (votes and views do
// not count), so a result computed once stays right until they change: every statement that
// changes them stamps its transaction id here, and a search cache keys its entries by that stamp.
// Triggers rather than calls in the writers, so an emptied projection (a replay in place) or a
// bulk load stamps it too. Transaction ids never repeat, so a stamp never names two contents.
const kbSearchRevision: readonly string[] = [
  'create table kb_search_revision (id boolean primary key default true check (id), changed_in bigint not null)',
  `create function kb_stamp_search_revision() returns trigger language plpgsql as $$
  begin
    insert into kb_search_revision (id, changed_in) values (true, pg_current_xact_id()::text::bigint)
      on conflict (id) do update set changed_in = excluded.changed_in;
    return null;
  end $$`,
  `create trigger kb_search_heads_changed after insert or update or delete or truncate on kb_search_heads
    for each statement execute function kb_stamp_search_revision()`,
  // A staff hit shows the article's status, which can change without its search heads.
  `create trigger kb_articles_status_changed after update of status on kb_articles
    for each statement execute function kb_stamp_search_revision()`,
];

// A proactive suggestion lands in the customer's inbox before any ticket exists: it names the
// suggestion instead.
const suggestionNotifications: readonly string[] = [
  'alter table customer_notifications alter column ticket_id drop not null',
  'alter table customer_notifications add column suggestion_id text',
];

// Calls booked on a ticket, as a list on its row: the queue of calls owed reads the tickets
// that have any.
const ticketCallbacks: readonly string[] = [
  "alter table tickets add column callbacks jsonb not null default '[]'",
  "create index tickets_with_callbacks on tickets (ticket_id) where callbacks <> '[]'::jsonb",
];

// The files a message carries, as recorded in its event. A download looks up the messages that
// carry a file (containment, on a GIN index) to hold the reader to the message's visibility.
const messageAttachments: readonly string[] = [
  "alter table ticket_messages add column attachments jsonb not null default '[]'",
  "alter table chat_messages add column attachments jsonb not null default '[]'",
  'create index ticket_messages_attachments on ticket_messages using gin (attachments jsonb_path_ops)',
  'create index chat_messages_attachments on chat_messages using gin (attachments jsonb_path_ops)',
];

// The files articles carry (drafts' and published versions'): a download looks them up as it
// does the messages', on the same kind of index.
const articleAttachments: readonly string[] = ['kb_articles', 'kb_article_versions'].map(
  (table) => `create index ${table}_attachments on ${table} using gin (attachments jsonb_path_ops)`,
);

// The facts the ticket reports add (first-contact resolution, reopen and escalation rates).
// Agent replies are counted back exactly from the messages. The other two can only be estimated
// from what older rows kept: a ticket thrown away as spam, reopened and not resolved since looks
// resolved, and one that left the supervisors' queue looks never escalated to them. `support-engine
// rebuild --in-place` makes them exact.
const reportCounters: readonly string[] = [
  'alter table tickets add column agent_reply_count integer not null default 0',
  `update tickets set agent_reply_count = (select count(*) from ticket_messages m
    where m.ticket_id = tickets.ticket_id and m.source = 'reply' and m.author_kind <> 'customer' and not m.internal)`,
  'alter table tickets add column resolved_once boolean not null default false',
  'update tickets set resolved_once = resolution_ms is not null or reopen_count > 0',
  'alter table tickets add column escalated_to_supervisors boolean not null default false',
  'update tickets set escalated_to_supervisors = with_supervisors',
];

// Chat transcripts: full-text search over message bodies (the same 'simple' analysis as ticket
// messages, any language), an agent's chats by latest activity, and a customer's chats.
const chatSearch: readonly string[] = [
  "alter table chat_messages add column search tsvector generated always as (to_tsvector('simple', body)) stored",
  'create index chat_messages_search on chat_messages using gin (search)',
  'create index chat_sessions_assignee on chat_sessions (assignee_id, last_activity_at desc, chat_id desc)',
  'create index chat_sessions_customer on chat_sessions (customer_id, started_at)',
];

// Chat reports and the live board: who held each chat when and each agent's presence over time
// (for utilisation), and when a ticket's latest SLA breach fell due. Nothing older can be
// recovered from the rows: history starts with the migration; `support-engine rebuild --in-place`
// recovers it from the log.
const chatReports: readonly string[] = [
  `create table chat_holds (
    chat_id text not null,
    position bigint not null,
    agent_id text not null,
    held_from timestamptz not null,
    held_until timestamptz,
    primary key (chat_id, position)
  )`,
  'create index chat_holds_agent on chat_holds (agent_id, held_from)',
  `create table agent_presence (
    agent_id text not null,
    position bigint not null,
    availability text not null,
    since timestamptz not null,
    until timestamptz,
    primary key (agent_id, position)
  )`,
  'alter table tickets add column last_sla_breach_at timestamptz',
];

// Search snippets are cut from the passage of the body that best matches the query (a few
// sentences, see read-models/articles/passages.ts), not from the whole body. Rows written before
// get their blocks (paragraphs, headings, list items) as passages: coarser, still right; a rebuild
// cuts them as new rows are.
const kbPassages: readonly string[] = ['kb_articles', 'kb_article_versions'].flatMap((table) => [
  `alter table ${table} add column passages text[] not null default '{}'`,
  `alter table ${table} add column passage_search tsvector[] not null default '{}'`,
  `alter table ${table} alter column passages set storage external`,
  `alter table ${table} alter column passage_search set storage external`,
  `update ${table} t set (passages, passage_search) = (
    select coalesce(array_agg(block order by n), '{}'),
      coalesce(array_agg(to_tsvector(t.search_config::regconfig, block) order by n), '{}')
    from regexp_split_to_table(t.body_text, E'\\n') with ordinality as u(block, n)
    where block <> ''
  )`,
]);

// The ticket report rollup (read-models/tickets/report-rollup.ts): the report figures as counts
// and sums per grain (UTC hour, day or week of opening), dimension and key, with 32-bucket
// histograms (count and sum per bucket) of first-response and resolution times, so a report over
// months adds a few rows per week and key instead of reading every ticket. The columns are
// written out here as this version has them; the rows are filled from the tickets as they are.
const ROLLUP_SUM_COLUMNS = new Set(['fr_sum', 'res_sum', 'csat_sum']);
const reportRollupColumns: readonly string[] = [
  ...['tickets', 'fr_count', 'fr_sum', 'res_count', 'res_sum', 'under_1h', 'from_1h_to_4h', 'from_4h_to_24h'],
  ...['over_24h', 'csat_count', 'csat_sum', 'first_contact', 'resolved_once', 'reopened', 'escalated'],
  ...[1, 2, 3].flatMap((tier) => [`tier_${tier}_reached`, `tier_${tier}_escalated`]),
  ...['first_response', 'next_response', 'resolution'].flatMap((metric) => [`${metric}_met`, `${metric}_breached`]),
  ...['fr', 'res'].flatMap((metric) =>
    Array.from({ length: 32 }, (_, i) => [`${metric}_n${i}`, `${metric}_s${i}`]).flat(),
  ),
];
const reportRollup: Migration = {
  async up(db) {
    const columns = reportRollupColumns.map((column) =>
      ROLLUP_SUM_COLUMNS.has(column) || /_s\d+$/.test(column)
        ? `${column} bigint not null default 0`
        : `${column} integer not null default 0`,
    );
    await sql
      .raw(`create table ticket_report_rollup (
        dimension text not null,
        grain text not null,
        bucket timestamptz not null,
        key text not null,
        ${columns.join(',\n        ')},
        primary key (dimension, grain, bucket, key)
      )`)
      .execute(db);
    await fillReportRollup(db as Kysely<ReadModelTables>);
  },
};

// Low ratings' follow-ups as supervisors work them: when asked, when done and what was done.
// Rows rated before this keep a null request time (`support-engine rebuild --in-place` fills it).
const followUps: readonly string[] = ['tickets', 'chat_sessions'].flatMap((table) => [
  `alter table ${table} add column follow_up_requested_at timestamptz`,
  `alter table ${table} add column follow_up_completed_at timestamptz`,
  `alter table ${table} add column follow_up_note text`,
  `create index ${table}_open_follow_ups on ${table} (follow_up_requested_at) where follow_up_requested and follow_up_completed_at is null`,
]);

// Each article's own translation links (locale → linked article), as its stream records them,
// instead of a group every linked article was merged into. Rows linked before this show no
// translations until `support-engine rebuild --projection articles` (or `--in-place`) fills them.
const kbTranslationLinks: readonly string[] = [
  "alter table kb_articles add column translations jsonb not null default '{}'",
  'drop index kb_articles_translations',
  'alter table kb_articles drop column translation_group_id',
];

// The rollup folded afresh from the ticket rows, as 0020 first filled it: for a change to what
// it counts, of which it holds no other copy.
const refillReportRollup: Migration = {
  async up(db) {
    await sql`delete from ticket_report_rollup`.execute(db);
    await fillReportRollup(db as Kysely<ReadModelTables>);
  },
};

// When an urgent ticket's customer is owed the team's next update, as the domain's
// `customerUpdateDueFromFacts` reads it from the SLA facts: filled here for the open urgent tickets
// (the only ones owing one) by the same fold, in SQL.
const customerUpdateDue: readonly string[] = [
  'alter table tickets add column customer_update_due_at timestamptz',
  `update tickets t set customer_update_due_at = to_timestamp((greatest(
      (select coalesce(max((f->>'at')::bigint) filter (where f->>'kind' = 'priority_changed'),
         min((f->>'at')::bigint) filter (where f->>'kind' = 'opened'))
       from jsonb_array_elements(t.sla_facts) f
       where f->>'kind' = 'opened' or (f->>'kind' = 'priority_changed' and f->>'priority' = 'urgent')),
      (select max((f->>'at')::bigint) from jsonb_array_elements(t.sla_facts) f where f->>'kind' = 'agent_replied')
    ) + ${2 * 60 * 60 * 1000}) / 1000.0)
    where priority = 'urgent' and status in ('new', 'in_progress')`,
];

/** Every schema version of the read models, in order. Add entries; never edit a released one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_read_models': migration(initialSchema),
  '0002_routing': migration(routing),
  '0003_ticket_snapshots': migration(ticketSnapshots),
  '0004_public_message_counts': migration(publicMessageCounts),
  '0005_notification_locales': migration(notificationLocales),
  '0006_sla_terms': migration(slaTerms),
  '0007_ticket_tags': migration(ticketTags),
  '0008_customer_profiles': migration(customerProfiles),
  '0009_knowledge_base': migration(knowledgeBase),
  '0011_kb_feedback_and_search_heads': migration(kbFeedback),
  '0012_kb_search_revision': migration(kbSearchRevision),
  '0013_suggestion_notifications': migration(suggestionNotifications),
  '0014_ticket_callbacks': migration(ticketCallbacks),
  '0015_message_attachments': migration(messageAttachments),
  '0016_report_counters': migration(reportCounters),
  '0017_chat_search': migration(chatSearch),
  '0018_chat_reports': migration(chatReports),
  '0019_kb_passages': migration(kbPassages),
  '0020_report_rollup': reportRollup,
  '0021_follow_ups': migration(followUps),
  '0022_kb_translation_links': migration(kbTranslationLinks),
  '0023_article_attachments': migration(articleAttachments),
  // Profiles written before it held no number: nothing to fill in.
  '0024_customer_phones': migration(['alter table customers add column phone text']),
  // The chats agents handled last, which the queue's wait estimate learns its handle time from.
  '0025_chat_handle_times': migration([
    `create index chat_sessions_handled on chat_sessions (closed_at desc, chat_id desc)
      where close_cause = 'ended' and assigned_at is not null`,
  ]),
  // Tickets standing closed as spam or invalid count toward no SLA compliance figure (the domain's
  // `countsTowardSlaCompliance`); the rollup counted their clocks as met or breached.
  '0026_sla_compliance_exclusions': refillReportRollup,
  '0027_customer_update_due': migration(customerUpdateDue),
  // A revision of a live article, which its status (published) does not show. Revisions begun
  // before this column show from their next event on, or at once after
  // `support-engine rebuild --projection articles --in-place`.
  '0028_article_revision_status': migration(['alter table kb_articles add column revision_status text']),
  // Chats started before it recorded no timeout of their own: the deployment's applies to them.
  '0029_chat_inactivity_timeout': migration(['alter table chat_sessions add column inactivity_timeout_ms integer']),
  // The report's breakdown by SLA policy: the rollup's `policy` rows.
  '0030_report_policy_breakdown': refillReportRollup,
  // A renamed article's old slugs, which `articleBySlug` still resolves (its earlier versions).
  '0031_kb_old_slugs': migration([
    'create index kb_article_versions_old_slug on kb_article_versions (locale, slug) where not is_current',
  ]),
  // Ticket and chat words with their accents folded, as the knowledge base's: "probleme" finds "problème".
  '0032_accent_folded_search': migration(
    searchColumnsOf((column) => `to_tsvector('${TEXT_SEARCH_CONFIGS.other}', ${column})`),
  ),
  // The zone a customer's dates are shown in (their notifications; the profile).
  '0033_customer_time_zones': migration(['alter table customers add column time_zone text']),
  // Edit distances for the search's typo correction, beside `pg_trgm` (see the knowledge base's note above).
  '0034_typo_distance': migration([
    "select pg_advisory_xact_lock(hashtext('read_model_extensions'))",
    `create extension if not exists fuzzystrmatch with schema ${X}`,
    `do $$ begin
      if (select extnamespace::regnamespace::text from pg_extension where extname = 'fuzzystrmatch') <> '${X}' then
        alter extension fuzzystrmatch set schema ${X};
      end if;
    end $$`,
  ]),
  // Each word with the locale of the text it came from, so a search in one language is not
  // corrected to a word of another. Words recorded before it have no locale ('') and serve every
  // locale, until `support-engine rebuild --projection articles --in-place` records them anew.
  '0035_kb_words_locale': migration([
    "alter table kb_words add column locale text not null default ''",
    'alter table kb_words drop constraint kb_words_pkey',
    'alter table kb_words add primary key (word, locale)',
  ]),
  // The articles an agent's reply links, shown with the message. Replies written before it show
  // none until `support-engine rebuild --projection tickets --in-place`.
  '0036_message_articles': migration(["alter table ticket_messages add column articles jsonb not null default '[]'"]),
  // What each inbox notification says, as its template, so an app can tell a close for lack of
  // response from another close without reading the text. Older rows have none until a rebuild.
  '0037_notification_templates': migration(['alter table customer_notifications add column template text']),
  // When a ticket's first running SLA clock breaches, for the live board's not-yet-recorded
  // breaches (the next deadline may be a warning). Filled by each ticket's next event, or by
  // `support-engine rebuild --projection tickets --in-place`.
  '0038_sla_next_breach': migration(['alter table tickets add column sla_next_breach_at timestamptz']),
  // A sync's feed: the tickets changed since an instant, least recently changed first.
  '0039_tickets_updated': migration(['create index tickets_updated on tickets (updated_at, ticket_id)']),
  '0040_customer_notification_reads': migration([
    `create table customer_notification_reads (
      customer_id text not null,
      notification_id text not null,
      read_at timestamptz not null,
      primary key (customer_id, notification_id)
    )`,
  ]),
  // The typo-correction vocabulary holds only what customers can read now: each word counts the
  // articles whose current version holds it, and goes with the last one (words of archived
  // articles and of replaced versions were offered as corrections before, revealing them).
  '0041_kb_words_live': migration([
    'alter table kb_words add column articles integer not null default 0',
    'delete from kb_words',
    `insert into kb_words (word, locale, articles)
      select w.word, v.locale, count(distinct v.article_id)
      from kb_article_versions v,
        regexp_split_to_table(lower(${X}.unaccent(concat_ws(' ', v.title, v.excerpt, array_to_string(v.tags, ' '), v.body_text))),
          '[^[:alnum:]]+') as w(word)
      where v.is_current and length(w.word) between 3 and 40
      group by w.word, v.locale`,
  ]),
  // When an agent left the team (null while on it). No agent was deactivated before it.
  '0042_agent_deactivation': migration(['alter table agents add column deactivated_at timestamptz']),
  // The customer's plan a ticket opened under. No ticket recorded one before.
  '0043_ticket_plan': migration(['alter table tickets add column plan text']),
  // Ticket and chat words with their English and French stems too: "crash" finds "crashes",
  // "invoices" "Invoice".
  '0044_stemmed_message_search': migration(searchColumnsOf(messageWordsOf)),
  // Views of a public help center's visitors (no account), counted per article and hour by the
  // API outside the log: no projection writes it, so a rebuild neither drops nor refills it.
  '0045_kb_visitor_views': migration([
    `create table kb_visitor_views (
      article_id text not null,
      hour timestamptz not null,
      views bigint not null,
      primary key (article_id, hour)
    )`,
    'create index kb_visitor_views_hour on kb_visitor_views (hour)',
  ]),
  // The address a customer gave themself, until they confirm it. None was pending before it.
  '0046_customer_pending_emails': migration([
    'alter table customers add column pending_email text, add column pending_email_expires_at timestamptz',
  ]),
  // The proactive suggestion a ticket was opened from. Tickets opened before it show none until
  // `support-engine rebuild --projection tickets --in-place`.
  '0047_ticket_suggestion': migration(['alter table tickets add column suggestion_id text']),
  // Each ticket row keeps the domain's state of the ticket, which the projection folds every later
  // event into. A row projected before it has none: its next event folds into the state its
  // columns hold (`stateOfRow`), exact for every column; the state's other fields stay unknown
  // until `support-engine rebuild --projection tickets --in-place`.
  '0048_ticket_state': migration(['alter table tickets add column state jsonb']),
  // The tickets by priority, urgent first (the expression `listTickets` sorts by; frozen here as
  // the domain's order of priorities was when it was added).
  '0049_tickets_priority': migration([
    "create index tickets_priority on tickets ((array_position(array['urgent', 'high', 'normal', 'low']::text[], priority)), opened_at, ticket_id)",
  ]),
  // Each staff member's saved inbox views, in their order (the staff projection's).
  '0050_staff_inbox_views': migration([
    `create table staff_inbox_views (
      staff_id text not null,
      view_id text not null,
      position integer not null,
      name text not null,
      filter jsonb not null,
      sort text not null,
      updated_at timestamptz not null,
      primary key (staff_id, view_id)
    )`,
  ]),
  // Since when a waiting chat waits: its start, or when it was sent back to a queue (the domain's
  // `chatQueuedSince`). Waiting chats take their start until `support-engine rebuild --projection
  // chats --in-place` (a chat sent back to a queue before it then counts from that instant).
  '0051_chat_queued_since': migration([
    'alter table chat_sessions add column queued_since timestamptz',
    "update chat_sessions set queued_since = started_at where status = 'waiting'",
  ]),
  // The mail a ticket message came as (its `MailOrigin`: sender, verification, the raw original),
  // null for the rest; indexed by the original, which staff download. No message came by mail before it.
  '0052_ticket_message_mail': migration([
    'alter table ticket_messages add column mail jsonb',
    "create index ticket_messages_mail_original on ticket_messages ((mail->>'original')) where mail is not null",
  ]),
  // The address of a customer's that bounced hard while they hold it (`CustomerEmailBounced`): they
  // are told in-app instead of by mail. Null for every customer until a bounce is recorded.
  '0053_customer_email_bounced': migration(['alter table customers add column email_bounced text']),
  // Messages held for review (the heldmails projection's): the pending ones newest first, and
  // those of a ticket.
  '0054_held_mails': migration([
    `create table held_mails (
      held_mail_id text primary key,
      ticket_id text not null,
      reason text not null,
      sender text not null,
      subject text not null,
      excerpt text not null,
      attachment_count integer not null,
      authentication jsonb not null,
      received_at timestamptz not null,
      created_at timestamptz not null,
      state text not null,
      decided_by text,
      decided_at timestamptz,
      note text
    )`,
    'create index held_mails_by_state on held_mails (state, created_at desc, length(held_mail_id) desc, held_mail_id desc)',
    'create index held_mails_by_ticket on held_mails (ticket_id, created_at desc)',
  ]),
  // The mailboxes mail comes in at (the mailboxes projection's), by address.
  '0055_mailboxes': migration([
    `create table mailboxes (
      address text primary key,
      name text not null,
      category text,
      language text,
      priority text,
      active boolean not null,
      version integer not null,
      updated_at timestamptz not null
    )`,
  ]),
  // The chat widget keys (the widgets projection's), by key.
  '0056_widgets': migration([
    `create table widgets (
      widget_key text primary key,
      name text not null,
      allowed_origins jsonb not null,
      topics jsonb not null,
      greeting jsonb,
      version integer not null,
      updated_at timestamptz not null
    )`,
  ]),
  // The customer a customer was merged into (`CustomerMerged`: a widget visitor who identified);
  // null for every customer until one is merged.
  '0057_customer_merged_into': migration(['alter table customers add column merged_into text']),
  // The latest soft bounce (a temporary failure) of a customer's address, and that address: it
  // stands while the profile holds the same mailbox. Null for every customer until one is recorded.
  '0058_customer_email_soft_bounced': migration([
    'alter table customers add column email_soft_bounced text, add column email_soft_bounced_at timestamptz',
  ]),
  // The chat's stream version its row shows, so a page can follow it from what it read
  // (`chatUpdated`'s `afterVersion`). Null for a chat not changed since, until its next event or
  // `support-engine rebuild --projection chats --in-place`.
  '0059_chat_version': migration(['alter table chat_sessions add column version integer']),
  // Views shared with the team: the few of them are read by everyone (a partial index).
  '0060_shared_inbox_views': migration([
    'alter table staff_inbox_views add column shared boolean not null default false',
    'create index staff_inbox_views_shared on staff_inbox_views (name, view_id) where shared',
  ]),
  // Staff members' names from their profiles: supervisors and admins are named as agents are. A
  // profile set before it names its owner from their next profile change, or at once after
  // `support-engine rebuild --projection staff --in-place`.
  '0061_staff_members': migration([
    'create table staff_members (staff_id text primary key, name text not null, updated_at timestamptz not null)',
  ]),
};

/**
 * Brings the read-model tables to the latest version in the connection's current schema
 * (`public`, or a rebuild schema), or up to the migration named `to` (so a test can write
 * data as an older version held it), then, at the latest, the customer inbox's tables as the
 * inbox package defines them. Safe to run repeatedly and concurrently. The bookkeeping tables are
 * named apart from the event store's so both can share one database.
 */
export async function migrateReadModels<DB>(db: Kysely<DB>, options: { to?: string } = {}): Promise<void> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'read_model_migrations',
    migrationLockTableName: 'read_model_migrations_lock',
    // Named explicitly: kysely would otherwise find a public copy of the table while migrating a rebuild schema.
    migrationTableSchema: rows[0]!.schema,
  });
  const { error } = options.to === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(options.to);
  if (error) throw error instanceof Error ? error : new Error(`Read-model migration failed: ${String(error)}`);
  // The customer inbox's tables are the inbox package's from here on: its DDL runs on top of the
  // migrations that made them (never before them: theirs would not find the tables missing).
  if (options.to === undefined) await migrateCustomerInbox(db);
}
