import { hasMessage } from '../i18n/catalogue.ts';
import type { MessageKey } from '../i18n/en.ts';

/** A message as the ticket page reads it (`Ticket.messages`). */
export interface TimelineMessage {
  readonly messageId: string;
  readonly source: string;
  readonly at: string;
}

/** An event as the ticket page reads it (`ticketHistory`). */
export interface TimelineEvent {
  readonly version: number;
  readonly type: string;
  readonly at: string;
  readonly actor: { readonly id: string; readonly role: string; readonly name?: string | null } | null;
  readonly reason: string | null;
  readonly data: unknown;
}

/** One line of the timeline: a message, or another event of the ticket. */
export type TimelineEntry<M extends TimelineMessage, E extends TimelineEvent> =
  | { readonly kind: 'message'; readonly key: string; readonly message: M }
  | { readonly kind: 'event'; readonly key: string; readonly event: E };

// The events that record messages: their words and files come from `messages`, which lists them
// in the same order (an opening's description and a converted chat's transcript lines first).
const MESSAGE_EVENTS: Readonly<Record<string, (message: TimelineMessage) => boolean>> = {
  TicketOpened: (message) => message.source === 'description' || message.source === 'transcript',
  TicketAgentReplied: () => true,
  TicketCustomerReplied: () => true,
};

/**
 * The timeline in the order things happened: the history's events, each message in the place of
 * the event that recorded it (a reply's status moves come before or after it, at the same
 * instant, so only the history's order tells). Messages the history does not reach yet (it is
 * read from the log, the messages from the read models) come last.
 *
 * `skipped`: how many of the ticket's messages come before `messages` (a long thread read from
 * its newest, its earlier pages not loaded yet). Their events take their places unseen, and the
 * timeline starts after the last of them: what happened before shows with its page.
 */
export function buildTimeline<M extends TimelineMessage, E extends TimelineEvent>(
  messages: readonly M[],
  history: readonly E[],
  skipped = 0,
): TimelineEntry<M, E>[] {
  const entries: TimelineEntry<M, E>[] = [];
  let next = 0;
  // The message places the history has passed that belong to the pages not loaded.
  let unseen = skipped;
  for (const event of history) {
    const carries = MESSAGE_EVENTS[event.type];
    if (carries === undefined) {
      if (unseen === 0) entries.push({ kind: 'event', key: `event-${event.version}`, event });
      continue;
    }
    // An opening records its description and transcript lines; a reply, one message.
    const places = event.type === 'TicketOpened' ? 1 + transcriptLength(event.data) : 1;
    const hidden = Math.min(unseen, places);
    unseen -= hidden;
    if (hidden === places) continue;
    const most = event.type === 'TicketOpened' ? messages.length : next + 1;
    while (next < Math.min(most, messages.length) && carries(messages[next]!)) {
      const message = messages[next++]!;
      entries.push({ kind: 'message', key: `message-${message.messageId}`, message });
    }
  }
  for (const message of messages.slice(next))
    entries.push({ kind: 'message', key: `message-${message.messageId}`, message });
  return entries;
}

/** The lines of a converted chat's transcript an opening carries (its `data.transcript`). */
function transcriptLength(data: unknown): number {
  const transcript = (data as { transcript?: unknown } | null)?.transcript;
  return Array.isArray(transcript) ? transcript.length : 0;
}

/** What an event line says: its kind (for its colour and icon) and its sentence. */
export interface EventLine {
  readonly tone: 'status' | 'assignment' | 'sla' | 'escalation' | 'call' | 'other';
  readonly text: string;
}

/** How the timeline writes: messages by key, instants in the user's language, and people by name. */
export interface Writer {
  t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string;
  date(iso: string): string;
  /** The person's name; their id when the desk knows none. */
  name(id: string): string;
}

type Data = Readonly<Record<string, unknown>>;

const str = (data: Data, field: string): string => (typeof data[field] === 'string' ? (data[field] as string) : '');
const num = (data: Data, field: string): number => (typeof data[field] === 'number' ? (data[field] as number) : 0);

/** An API value's name in the catalogue (`prefix.value`); a value the desk does not know yet reads as it is. */
function named(w: Writer, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? w.t(key) : value;
}

/** Why the router chose the agent, from the explanation the assignment records. */
function routingWhy(w: Writer, data: Data): string | null {
  const routing = data.routing as Data | undefined;
  if (!routing || typeof routing !== 'object') return null;
  const candidates = Array.isArray(routing.candidates) ? (routing.candidates as Data[]) : [];
  const chosen = candidates.find((candidate) => candidate.agentId === data.agentId) ?? candidates[0];
  return w.t('ticket.event.routing', {
    rule: named(w, 'ticket.routingRule', str(routing, 'rule')),
    score: chosen ? num(chosen, 'total') : 0,
    eligible: num(routing, 'eligible'),
    considered: num(routing, 'considered'),
  });
}

/**
 * The sentence of an event that is not a message, in the user's language, with the API's reason
 * when it gives one. The recorded data is read defensively: a field an older event lacks is blank.
 */
export function describeEvent(event: TimelineEvent, w: Writer): EventLine {
  const data = (event.data && typeof event.data === 'object' ? event.data : {}) as Data;
  const status = (field: string) => named(w, 'status', str(data, field));
  const who = event.actor ? w.name(event.actor.id) : w.t('ticket.event.automation');
  switch (event.type) {
    case 'TicketStatusChanged': {
      const closed = str(data, 'closeReason');
      const text = w.t(data.reopen === true ? 'ticket.event.reopened' : 'ticket.event.status', {
        from: status('from'),
        to: status('to'),
        who,
      });
      return { tone: 'status', text: closed ? `${text} (${named(w, 'ticket.closeReason', closed)})` : text };
    }
    case 'TicketAutoClosed':
      return {
        tone: 'status',
        text: w.t('ticket.event.autoClosed', {
          reason: named(w, 'ticket.closeReason', str(data, 'closeReason')),
          message: str(data, 'message'),
        }),
      };
    case 'TicketAssigned': {
      const why = routingWhy(w, data);
      const text = why
        ? w.t('ticket.event.routed', { agent: w.name(str(data, 'agentId')), why })
        : w.t('ticket.event.assigned', { agent: w.name(str(data, 'agentId')), who });
      return { tone: 'assignment', text };
    }
    case 'TicketUnassigned':
      return {
        tone: 'assignment',
        text: w.t('ticket.event.unassigned', { agent: w.name(str(data, 'previousAgentId')), who }),
      };
    case 'TicketPriorityChanged':
      return {
        tone: 'other',
        text: w.t('ticket.event.priority', {
          from: named(w, 'priority', str(data, 'from')),
          to: named(w, 'priority', str(data, 'to')),
          who,
        }),
      };
    case 'TicketCategoryChanged':
      return {
        tone: 'other',
        text: w.t('ticket.event.category', {
          from: str(data, 'from') || w.t('ticket.event.none'),
          to: str(data, 'to') || w.t('ticket.event.none'),
        }),
      };
    case 'TicketTagsAdded':
    case 'TicketTagsRemoved': {
      const tags = Array.isArray(data.tags) ? data.tags.join(', ') : '';
      return {
        tone: 'other',
        text: w.t(event.type === 'TicketTagsAdded' ? 'ticket.event.tagsAdded' : 'ticket.event.tagsRemoved', { tags }),
      };
    }
    case 'TicketEscalated':
      return {
        tone: 'escalation',
        text: w.t('ticket.event.escalated', {
          from: num(data, 'fromTier'),
          to: num(data, 'toTier'),
          reason: named(w, 'ticket.escalationReason', event.reason ?? str(data, 'escalationReason')),
        }),
      };
    case 'TicketEscalatedToSupervisors':
      return {
        tone: 'escalation',
        text: w.t('ticket.event.toSupervisors', {
          reason: named(w, 'ticket.escalationReason', event.reason ?? str(data, 'escalationReason')),
        }),
      };
    case 'TicketSlaPolicyApplied':
      return {
        tone: 'sla',
        text: w.t('ticket.event.slaPolicy', { policy: str(data, 'policyId') || w.t('ticket.event.defaultPolicy') }),
      };
    case 'TicketSlaWarning':
    case 'TicketSlaBreached':
      return {
        tone: 'sla',
        text: w.t(event.type === 'TicketSlaWarning' ? 'ticket.event.slaWarning' : 'ticket.event.slaBreached', {
          metric: named(w, 'ticket.metric', str(data, 'metric')),
          due: w.date(str(data, 'dueAt') || event.at),
        }),
      };
    case 'TicketCustomerUpdateDue':
      return { tone: 'sla', text: w.t('ticket.event.updateDue', { due: w.date(str(data, 'dueAt') || event.at) }) };
    case 'TicketReminderSent':
      return { tone: 'status', text: w.t('ticket.event.reminder', { n: num(data, 'n') }) };
    case 'TicketRated':
      return {
        tone: 'other',
        text: `${w.t('ticket.event.rated', { score: num(data, 'score') })}${str(data, 'comment') ? ` “${str(data, 'comment')}”` : ''}`,
      };
    case 'TicketFollowUpRequested':
      return { tone: 'escalation', text: w.t('ticket.event.followUpRequested', { score: num(data, 'score') }) };
    case 'TicketFollowUpCompleted':
      return { tone: 'other', text: w.t('ticket.event.followUpCompleted', { who }) };
    case 'TicketCallbackScheduled':
      return {
        tone: 'call',
        text: w.t('ticket.event.callBooked', {
          at: w.date(str(data, 'callbackAt') || event.at),
          reason: str(data, 'callbackReason'),
        }),
      };
    case 'TicketCallbackDue':
      return { tone: 'call', text: w.t('ticket.event.callDue', { at: w.date(str(data, 'callbackAt') || event.at) }) };
    case 'TicketCallbackCompleted':
      return {
        tone: 'call',
        text: w.t('ticket.event.callMade', { who, outcome: str(data, 'outcome') || w.t('ticket.event.none') }),
      };
    case 'TicketCallbackCancelled':
      return { tone: 'call', text: w.t('ticket.event.callCancelled', { who }) };
    case 'TicketCallbackMissed':
      return {
        tone: 'call',
        text: w.t('ticket.event.callMissed', { at: w.date(str(data, 'callbackAt') || event.at) }),
      };
    default:
      return { tone: 'other', text: w.t('ticket.event.other', { type: event.type }) };
  }
}
