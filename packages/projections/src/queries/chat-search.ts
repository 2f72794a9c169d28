import { createHash } from 'node:crypto';
import {
  CURSOR_PREFIX,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  type Page,
  pageSize,
} from '@support-engine/eventstore-postgres';
import { type Kysely, sql } from 'kysely';
import { SNIPPET_MARKS } from '../read-models/articles/render.js';
import { FOLDED_WORDS, messageWordsQuery } from '../read-models/articles/text-search.js';
import type { ReadModelTables } from '../schema.js';
import { HEADLINE_MARKS, snippetHtml } from './snippet.js';
import { CHAT_MESSAGE_COLUMNS, type ChatMessageView, chatMessageView } from './views.js';

/** What {@link searchChatMessages} looks for; each given filter narrows the hits. */
export interface ChatSearchOptions {
  /** Web-search syntax over the message bodies: words, "phrases", -excluded. */
  readonly text: string;
  /** Messages sent at or after this instant. */
  readonly from?: Date;
  /** Messages sent before this instant. */
  readonly to?: Date;
  /** Messages of the chats this agent holds or held last (the chat's assignee). */
  readonly agentId?: string;
  /** Messages of this customer's chats. */
  readonly customerId?: string;
  /** Page size, 1..100; 20 by default. */
  readonly first?: number;
  /** Cursor of the previous page's `nextCursor`. */
  readonly after?: string;
}

/** A chat message that matches a search. */
export interface ChatMessageHit {
  readonly chatId: string;
  readonly customerId: string;
  readonly assigneeId: string | null;
  /** The whole message, internal or not (the search is for staff). */
  readonly message: ChatMessageView;
  /** Passages around the matched words: escaped text with `<mark>` around the matches. */
  readonly snippet: string;
}

// One passage of up to 30 words around the best match: chat messages are short, and a passage
// keeps their punctuation where fragments would cut it. (The parser drops anything shaped like an
// HTML tag from a headline; the message itself keeps it.)
const HEADLINE = `${HEADLINE_MARKS}, MaxWords=30, MinWords=12`;

// Cursors of this listing. Messages sort by time, then chat and place in the chat, so the
// cursor's id holds both: `<seq>:<chat id>` (the seq is digits, so the first colon splits them).
// The prefix names the search that handed the cursor out (a digest of its text and filters), so
// another search refuses it as a listing of another order would, rather than paging on from a
// place in results it never showed.
function hitCursorPrefix(options: ChatSearchOptions): string {
  const search = JSON.stringify([
    options.text,
    options.from?.toISOString() ?? null,
    options.to?.toISOString() ?? null,
    options.agentId ?? null,
    options.customerId ?? null,
  ]);
  return `${CURSOR_PREFIX.chatMessageSearch}${createHash('sha256').update(search).digest('base64url').slice(0, 16)}.`;
}

function readHitCursor(cursor: string, prefix: string): { at: Date; chatId: string; seq: number } {
  const { at, id } = decodeCursor(cursor, prefix);
  const match = /^(\d{1,9}):(.+)$/s.exec(id);
  if (!match) throw new InvalidCursorError(cursor);
  return { at, chatId: match[2]!, seq: Number(match[1]) };
}

/**
 * Chat messages matching `text` (PostgreSQL full text, the `simple` analysis: every language
 * alike, no stemming), internal notes included, newest first (then by chat and place in it), a
 * page at a time by keyset. A text with no words (only punctuation, say) matches nothing. A
 * cursor is good only for the search (text and filters) that handed it out: any other is
 * refused ({@link InvalidCursorError}).
 */
export async function searchChatMessages(
  db: Kysely<ReadModelTables>,
  options: ChatSearchOptions,
): Promise<Page<ChatMessageHit>> {
  const limit = pageSize(options.first);
  const cursorPrefix = hitCursorPrefix(options);
  const query = messageWordsQuery(options.text);
  let matches = db
    .selectFrom('chat_messages as m')
    .innerJoin('chat_sessions as s', 's.chat_id', 'm.chat_id')
    .select(CHAT_MESSAGE_COLUMNS.map((column) => `m.${column}` as const))
    .select(['s.customer_id', 's.assignee_id'])
    .where(sql<boolean>`m.search @@ ${query}`);
  if (options.from !== undefined) matches = matches.where('m.at', '>=', options.from);
  if (options.to !== undefined) matches = matches.where('m.at', '<', options.to);
  if (options.agentId !== undefined) matches = matches.where('s.assignee_id', '=', options.agentId);
  if (options.customerId !== undefined) matches = matches.where('s.customer_id', '=', options.customerId);
  if (options.after !== undefined) {
    const { at, chatId, seq } = readHitCursor(options.after, cursorPrefix);
    matches = matches.where(sql<boolean>`(m.at, m.chat_id, m.seq) < (${at}, ${chatId}, ${seq})`);
  }
  const page = matches
    .orderBy('m.at', 'desc')
    .orderBy('m.chat_id', 'desc')
    .orderBy('m.seq', 'desc')
    .limit(limit + 1);
  // Headlines for the page's rows only, of bodies without the marks' own characters.
  const marks = SNIPPET_MARKS.start + SNIPPET_MARKS.end;
  const rows = await db
    .selectFrom(page.as('p'))
    .selectAll('p')
    .select(
      sql<string>`ts_headline(${sql.lit(FOLDED_WORDS)}, translate(p.body, ${marks}, ''), ${query}, ${HEADLINE})`.as(
        'snippet',
      ),
    )
    .orderBy('p.at', 'desc')
    .orderBy('p.chat_id', 'desc')
    .orderBy('p.seq', 'desc')
    .execute();
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: shown.map((row) => ({
      chatId: row.chat_id,
      customerId: row.customer_id,
      assigneeId: row.assignee_id,
      message: chatMessageView(row),
      snippet: snippetHtml(row.snippet),
    })),
    nextCursor:
      rows.length > limit && last !== undefined
        ? encodeCursor({ at: last.at, id: `${last.seq}:${last.chat_id}` }, cursorPrefix)
        : null,
  };
}
