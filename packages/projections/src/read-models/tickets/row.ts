import { type Actor, DomainError } from '@support-engine/domain';
import type { MessageAttachment } from '@support-engine/domain/attachment';
import type { MailOrigin } from '@support-engine/domain/inbound-mail';
import type { LinkedArticle } from '@support-engine/domain/ticket';
import {
  descriptionAuthor,
  evolveTicket,
  isDiscardClose,
  isOpenStatus,
  isReopen,
  slaFactOf,
  type TicketEvent,
  type TicketEventOf,
} from '@support-engine/domain/ticket';
import type { ProjectedEvent } from '../../events.js';
import { setColumnsOfState, TICKET_ROW_SHAPE, type TicketRow, ticketColumnsOfState } from './columns.js';
import { stateOfRow } from './legacy-state.js';

export type { TicketRow } from './columns.js';

/** A ticket message row: the description, a reply or note, or a line of a chat transcript. */
export interface TicketMessageRow {
  message_id: string;
  ticket_id: string;
  seq: number;
  author_kind: 'customer' | 'agent' | 'system';
  author_id: string;
  source: 'description' | 'reply' | 'transcript';
  internal: boolean;
  body: string;
  at: string;
  /** The files sent with it (a transcript line: those sent with the chat message). */
  attachments: MessageAttachment[];
  /** The knowledge-base articles an agent's message links. */
  articles: LinkedArticle[];
  /** The mail it came as, null unless it came by mail. */
  mail: MailOrigin | null;
}

/** What one event did to a ticket. */
export interface TicketChange {
  readonly row: TicketRow;
  readonly messages: readonly TicketMessageRow[];
}

/** A ticket event as the tickets projection receives it. */
export type ProjectedTicketEvent = ProjectedEvent<TicketEvent>;

/**
 * Folds one ticket event into its row (`undefined` before `TicketOpened`). Pure: the same
 * events give the same rows whether they arrive in one batch or many, which is what makes a
 * rebuild equal the live tables. Throws for a stream that does not start with `TicketOpened`.
 *
 * Metric choices (the domain is silent): first response time is wall-clock time from opening
 * to the first public agent reply; resolution time is wall-clock time from opening to the
 * latest entry into `resolved` (or into `closed` without a resolution, except spam/invalid);
 * a reopen clears it until the next resolution (`resolved_once` remembers there was one).
 * First-contact resolution counts the public replies (`agent_reply_count`), not the agent lines
 * of a chat transcript: those answered the chat, before the ticket existed.
 */
export function applyTicketEvent(row: TicketRow | undefined, event: ProjectedTicketEvent): TicketChange {
  if (event.type === 'TicketOpened') {
    if (row)
      throw new DomainError(
        'HISTORY_INVALID',
        `Ticket ${row.ticket_id} is opened twice (${event.log.streamId}@${event.log.streamVersion})`,
      );
    return opened(event);
  }
  if (!row)
    throw new DomainError(
      'HISTORY_INVALID',
      `${event.log.streamId}@${event.log.streamVersion}: ${event.type} before TicketOpened`,
    );
  // The domain folds the event into its state, which gives its columns; `changes` returns only
  // what the read model alone keeps that the event sets, computed from the row before it.
  const state = evolveTicket(row.state ?? stateOfRow(row), event)!;
  const fact = slaFactOf(event);
  const next = setColumnsOfState({ ...row, state }, state);
  Object.assign(next, changes(row, event));
  if (fact) next.sla_facts = [...row.sla_facts, fact];
  next.updated_at = event.data.at;
  next.version = event.log.streamVersion;
  return { row: next, messages: messagesOf(row, event) };
}

/**
 * The messages a ticket opens with: its description, then the lines of the chat it was converted
 * from, if any. `log` is where the opening event stands (the messages' ids derive from it): the
 * read model and a past view of the ticket both list them so.
 */
export function openingMessages(
  data: TicketEventOf<'TicketOpened'>['data'],
  log: Pick<ProjectedEvent<TicketEvent>['log'], 'streamId' | 'streamVersion'>,
): TicketMessageRow[] {
  const messages: TicketMessageRow[] = [
    message(
      data.ticketId,
      `${log.streamId}:${log.streamVersion}`,
      1,
      descriptionAuthor(data),
      'description',
      false,
      data.description,
      data.at,
      data.attachments,
      undefined,
      data.mail,
    ),
  ];
  for (const [index, line] of (data.transcript ?? []).entries()) {
    messages.push({
      message_id: `${log.streamId}:${log.streamVersion}:t${index + 1}`,
      ticket_id: data.ticketId,
      seq: index + 2,
      author_kind: line.from,
      // Lines carried before they named their author: the customer's are theirs, the rest the converter's.
      author_id: line.authorId ?? (line.from === 'customer' ? data.customerId : data.actor.id),
      source: 'transcript',
      internal: false,
      body: line.body,
      at: line.at,
      attachments: line.attachments ?? [],
      articles: [],
      mail: null,
    });
  }
  return messages;
}

function opened(event: ProjectedEvent<TicketEventOf<'TicketOpened'>>): TicketChange {
  const { data, log } = event;
  const messages = openingMessages(data, log);
  // The domain folds the opening; the row adds what only the read model keeps. It starts as a copy
  // of every column in the table's order, so that all rows share one shape: folding later events
  // into rows of several shapes (a copy per event) runs several times slower.
  const state = evolveTicket(null, event)!;
  const row: TicketRow = {
    ...TICKET_ROW_SHAPE,
    state,
    ...ticketColumnsOfState(state),
    opening_priority: data.priority,
    updated_at: data.at,
    first_response_ms: null,
    resolution_ms: null,
    reopen_count: 0,
    message_count: messages.length,
    public_message_count: messages.length,
    agent_reply_count: 0,
    resolved_once: false,
    sla_state: 'not_started',
    sla_next_deadline: null,
    sla_next_deadline_metric: null,
    sla_next_breach_at: null,
    customer_update_due_at: null,
    sla_first_response: 'not_started',
    sla_next_response: 'not_started',
    sla_resolution: 'not_started',
    sla_warnings_recorded: 0,
    sla_breaches_recorded: 0,
    sla_facts: [slaFactOf(event)!],
    follow_up_requested_at: null,
    follow_up_completed_at: null,
    follow_up_note: null,
    version: log.streamVersion,
    queued_since: data.at,
    with_supervisors: false,
    escalated_to_supervisors: false,
    last_sla_breach_at: null,
  };
  return { row, messages };
}

type LaterEvent = Exclude<ProjectedTicketEvent, { type: 'TicketOpened' }>;

/** What the read model alone keeps (counts, durations, queueing, SLA records) that `event` changes. */
function changes(row: TicketRow, event: LaterEvent): Partial<TicketRow> {
  const at = event.data.at;
  switch (event.type) {
    case 'TicketStatusChanged':
      return enterStatus(row, event.data.to, at, event.data.closeReason ?? null);
    case 'TicketAutoClosed':
      return enterStatus(row, 'closed', at, event.data.closeReason);
    case 'TicketAgentReplied': {
      const message_count = row.message_count + 1;
      if (event.data.visibility === 'internal') return { message_count };
      const counts = {
        message_count,
        public_message_count: row.public_message_count + 1,
        agent_reply_count: row.agent_reply_count + 1,
      };
      if (row.first_response_at !== null) return counts;
      return { ...counts, first_response_ms: elapsed(row.opened_at, at) };
    }
    case 'TicketCustomerReplied':
      return { message_count: row.message_count + 1, public_message_count: row.public_message_count + 1 };
    case 'TicketAssigned':
      return { queued_since: null };
    case 'TicketUnassigned':
      return { queued_since: isOpenStatus(row.status) ? at : null };
    case 'TicketEscalatedToSupervisors':
      return { escalated_to_supervisors: true };
    case 'TicketSlaWarning':
      return { sla_warnings_recorded: row.sla_warnings_recorded + 1 };
    case 'TicketSlaBreached':
      return {
        sla_breaches_recorded: row.sla_breaches_recorded + 1,
        last_sla_breach_at: latest(row.last_sla_breach_at, event.data.dueAt),
      };
    case 'TicketFollowUpRequested':
      return { follow_up_requested_at: event.data.at };
    case 'TicketFollowUpCompleted':
      return { follow_up_completed_at: event.data.at, follow_up_note: event.data.note ?? null };
    default:
      return {};
  }
}

/** Entering a status, for what the read model alone keeps: `row` is the ticket before it. */
function enterStatus(row: TicketRow, to: string, at: string, closeReason: string | null): Partial<TicketRow> {
  const reopen = isReopen(row.status, to);
  const resolvesNow =
    to === 'resolved' || (to === 'closed' && row.resolved_at === null && !isDiscardClose(closeReason));
  const keepsResolution = to === 'closed' && row.resolved_at !== null;
  const open = isOpenStatus(to);
  return {
    // An unassigned ticket waits in the queue while open; a reopened one starts waiting again.
    queued_since: !open || row.assignee_id !== null ? null : isOpenStatus(row.status) ? row.queued_since : at,
    reopen_count: row.reopen_count + (reopen ? 1 : 0),
    resolved_once: row.resolved_once || resolvesNow,
    resolution_ms: resolvesNow ? elapsed(row.opened_at, at) : keepsResolution ? row.resolution_ms : null,
  };
}

function messagesOf(row: TicketRow, event: LaterEvent): TicketMessageRow[] {
  const id = `${event.log.streamId}:${event.log.streamVersion}`;
  switch (event.type) {
    case 'TicketAgentReplied':
    case 'TicketCustomerReplied': {
      const internal = event.type === 'TicketAgentReplied' && event.data.visibility === 'internal';
      const { actor, body, at, attachments } = event.data;
      const articles = event.type === 'TicketAgentReplied' ? event.data.articles : undefined;
      return [
        message(
          row.ticket_id,
          id,
          row.message_count + 1,
          actor,
          'reply',
          internal,
          body,
          at,
          attachments,
          articles,
          event.data.mail,
        ),
      ];
    }
    default:
      return [];
  }
}

function message(
  ticketId: string,
  messageId: string,
  seq: number,
  actor: Actor,
  source: TicketMessageRow['source'],
  internal: boolean,
  body: string,
  at: string,
  attachments: readonly MessageAttachment[] = [],
  articles: readonly LinkedArticle[] = [],
  mail: MailOrigin | undefined = undefined,
): TicketMessageRow {
  return {
    message_id: messageId,
    ticket_id: ticketId,
    seq,
    author_kind: authorKind(actor),
    author_id: actor.id,
    source,
    internal,
    body,
    at,
    attachments: [...attachments],
    articles: [...articles],
    mail: mail ?? null,
  };
}

function authorKind(actor: Actor): TicketMessageRow['author_kind'] {
  if (actor.role === 'customer') return 'customer';
  return actor.role === 'system' ? 'system' : 'agent';
}

function elapsed(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}

/** The later of two instants, `null` counting as none. */
function latest(current: string | null, candidate: string): string {
  return current !== null && Date.parse(current) >= Date.parse(candidate) ? current : candidate;
}
