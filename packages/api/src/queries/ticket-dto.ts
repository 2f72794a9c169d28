import { MessageAttachments } from '@support-engine/domain/attachment';
import { MailOrigin } from '@support-engine/domain/inbound-mail';
import { LinkedArticles, type Ticket, TicketEvent } from '@support-engine/domain/ticket';
import {
  type HistoryEntry,
  openingMessages,
  type PastTicketView,
  type TicketMessageView,
  type TicketView,
  ticketViewOfState,
} from '@support-engine/projections';

/** A ticket message as the schema's `TicketMessage` type. */
export type TicketMessageDto = Omit<TicketMessageView, 'seq'>;

/**
 * The schema's `Ticket` type: the ticket view, from the read model now or from the folded events
 * of a past instant (`asOf`; what only the read model keeps is then null). `Ticket.id` is its
 * `ticketId` ({@link ticketId}).
 */
export type TicketDto = (TicketView | PastTicketView) & {
  readonly asOf?: Date | null;
  /** Already loaded (and filtered for the caller); the `messages` resolver loads them otherwise. */
  readonly messages?: readonly TicketMessageDto[];
};

/**
 * A ticket as the schema's `Ticket`: the view itself, not a copy (a list maps a page of them per
 * request, and copying a wide object costs far more than reading it), with its messages if loaded.
 */
export function ticketFromView(view: TicketView, messages?: readonly TicketMessageDto[]): TicketDto {
  return messages ? { ...view, messages } : view;
}

/** A past ticket: the view of the domain state at `asOf` (its messages are read only if asked for). */
export function ticketFromState(state: Ticket, asOf: Date): TicketDto {
  return { ...ticketViewOfState(state), asOf };
}

/** `Ticket.id`. */
export const ticketId = (parent: TicketDto) => parent.ticketId;

/**
 * The messages of a ticket's history (its description and the replies), as the read model would
 * list them; `includeInternal: false` drops internal notes.
 */
export function messagesFromHistory(history: readonly HistoryEntry[], includeInternal: boolean): TicketMessageDto[] {
  const messages: TicketMessageDto[] = [];
  for (const entry of history) {
    if (entry.type === 'TicketOpened') {
      messages.push(...openedWith(entry));
      continue;
    }
    const body = messageBody(entry);
    const author = entry.actor;
    if (body === null || author === null) continue;
    const internal = entry.data.visibility === 'internal';
    if (internal && !includeInternal) continue;
    const { role } = author;
    messages.push({
      // The read model's id of the same message, so a past view lines up with the live one.
      messageId: `${entry.streamId}:${entry.version}`,
      // Staff roles all write as `agent`, like the read model's author kinds.
      authorKind: role === 'customer' || role === 'system' ? role : 'agent',
      authorId: author.id,
      source: 'reply',
      internal,
      body,
      at: new Date(entry.at),
      attachments: MessageAttachments.parse(entry.data.attachments ?? []),
      articles: LinkedArticles.parse(entry.data.articles ?? []),
      mail: entry.data.mail === undefined ? null : MailOrigin.parse(entry.data.mail),
    });
  }
  return messages;
}

/** The messages the ticket opened with (its description and a converted chat's lines), as the read model lists them. */
function openedWith(entry: HistoryEntry): TicketMessageDto[] {
  const opened = TicketEvent.parse({ type: entry.type, data: entry.data });
  if (opened.type !== 'TicketOpened') return [];
  return openingMessages(opened.data, { streamId: entry.streamId, streamVersion: entry.version }).map((row) => ({
    messageId: row.message_id,
    authorKind: row.author_kind,
    authorId: row.author_id,
    source: row.source,
    internal: row.internal,
    body: row.body,
    at: new Date(row.at),
    attachments: row.attachments,
    articles: row.articles,
    mail: row.mail,
  }));
}

const REPLY_EVENTS: ReadonlySet<string> = new Set(['TicketAgentReplied', 'TicketCustomerReplied']);

/** The text a reply adds to the conversation, or `null` for events that are not replies. */
function messageBody(entry: HistoryEntry): string | null {
  if (!REPLY_EVENTS.has(entry.type)) return null;
  const text = entry.data.body;
  return typeof text === 'string' ? text : null;
}
