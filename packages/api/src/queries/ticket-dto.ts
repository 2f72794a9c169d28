import { MessageAttachments } from '@support-engine/domain/attachment';
import { LinkedArticles, type Ticket, type TicketCallback, TicketEvent } from '@support-engine/domain/ticket';
import {
  type HistoryEntry,
  openingMessages,
  type TicketMessageView,
  type TicketView,
} from '@support-engine/projections';

/** A ticket message as the schema's `TicketMessage` type. */
export type TicketMessageDto = Omit<TicketMessageView, 'seq'>;

/** The schema's `Ticket` type: from the read model now, or from the folded events of a past instant. */
export interface TicketDto {
  readonly id: string;
  readonly customerId: string;
  readonly subject: string;
  readonly status: string;
  readonly priority: string;
  readonly category: string | null;
  readonly tags: readonly string[];
  readonly channel: string;
  readonly language: string | null;
  /** The customer's plan when the ticket was opened. */
  readonly plan: string | null;
  readonly tier: number;
  readonly assigneeId: string | null;
  readonly withSupervisors: boolean;
  readonly proactive: boolean;
  readonly openedAt: Date | string;
  readonly statusSince: Date | string;
  readonly resolvedAt: Date | string | null;
  readonly closedAt: Date | string | null;
  readonly closeReason: string | null;
  readonly remindersSent: number;
  readonly version: number;
  readonly csat: { readonly score: number; readonly comment: string | null } | null;
  readonly asOf: Date | null;
  readonly updatedAt: Date | null;
  readonly firstResponseAt: Date | null;
  readonly reopenCount: number | null;
  readonly messageCount: number | null;
  /** The messages a customer sees (internal notes left out). */
  readonly publicMessageCount: number | null;
  readonly followUpRequested: boolean | null;
  readonly queuedSince: Date | null;
  readonly sla: TicketView['sla'] | null;
  /** The calls booked on the ticket (the schema's `Callback`). */
  readonly callbacks: readonly TicketCallback[];
  /** Already loaded (and filtered for the caller); the `messages` resolver loads them otherwise. */
  readonly messages?: readonly TicketMessageDto[];
}

/**
 * A read-model ticket. Field by field rather than by spreading the view: a list maps a whole page
 * of them per request, and copying a wide object by spread is far slower than one fixed shape.
 */
export function ticketFromView(view: TicketView, messages?: readonly TicketMessageDto[]): TicketDto {
  return {
    id: view.ticketId,
    customerId: view.customerId,
    subject: view.subject,
    status: view.status,
    priority: view.priority,
    category: view.category,
    tags: view.tags,
    channel: view.channel,
    language: view.language,
    plan: view.plan,
    tier: view.tier,
    assigneeId: view.assigneeId,
    withSupervisors: view.withSupervisors,
    proactive: view.proactive,
    openedAt: view.openedAt,
    statusSince: view.statusSince,
    resolvedAt: view.resolvedAt,
    closedAt: view.closedAt,
    closeReason: view.closeReason,
    remindersSent: view.remindersSent,
    version: view.version,
    csat: view.csat,
    asOf: null,
    updatedAt: view.updatedAt,
    firstResponseAt: view.firstResponseAt,
    reopenCount: view.reopenCount,
    messageCount: view.messageCount,
    publicMessageCount: view.publicMessageCount,
    followUpRequested: view.followUpRequested,
    queuedSince: view.queuedSince,
    sla: view.sla,
    callbacks: view.callbacks,
    messages,
  };
}

/** A past ticket: the domain state at `asOf` (its messages are read only if asked for). */
export function ticketFromState(state: Ticket, asOf: Date): TicketDto {
  return {
    id: state.ticketId,
    customerId: state.customerId,
    subject: state.subject,
    status: state.status,
    priority: state.priority,
    category: state.category,
    tags: state.tags,
    channel: state.channel,
    language: state.language,
    plan: state.plan ?? null,
    tier: state.tier,
    assigneeId: state.assigneeId,
    withSupervisors: state.withSupervisors,
    proactive: state.proactive,
    openedAt: state.openedAt,
    statusSince: state.statusSince,
    resolvedAt: state.resolvedAt,
    closedAt: state.closedAt,
    closeReason: state.closeReason,
    remindersSent: state.remindersSent,
    version: state.version,
    csat: state.rating,
    asOf,
    updatedAt: null,
    firstResponseAt: state.firstPublicAgentReplyAt === null ? null : new Date(state.firstPublicAgentReplyAt),
    reopenCount: null,
    messageCount: null,
    publicMessageCount: null,
    // Asked once, the flag stays when the follow-up is done (as in the read model).
    followUpRequested: state.followUp !== null,
    queuedSince: null,
    sla: null,
    callbacks: state.callbacks,
  };
}

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
  }));
}

const REPLY_EVENTS: ReadonlySet<string> = new Set(['TicketAgentReplied', 'TicketCustomerReplied']);

/** The text a reply adds to the conversation, or `null` for events that are not replies. */
function messageBody(entry: HistoryEntry): string | null {
  if (!REPLY_EVENTS.has(entry.type)) return null;
  const text = entry.data.body;
  return typeof text === 'string' ? text : null;
}
