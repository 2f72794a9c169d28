import { parseStreamId, streamId } from '@support-engine/domain';
import type { MessageAttachment } from '@support-engine/domain/attachment';
import { chatEventShownToCustomer, chatMovedAwayFrom } from '@support-engine/domain/chat';
import { ticketEventShownToCustomer } from '@support-engine/domain/ticket';
import { encodeCheckpoint, type RecordedEvent } from '@support-engine/eventstore';
import { chatQueue, getChat, getTicket } from '@support-engine/projections';
import { seesInternal } from '../auth/visibility.js';
import type { ApiContext } from '../graphql/context.js';
import { defineSubscription } from '../graphql/secure.js';
import type { ToldAttachment } from '../queries/attachments.js';
import { chatFromView, visibleQueue } from '../queries/chats.js';
import { pendingSuggestions } from '../queries/suggestions.js';
import { ticketFromView } from '../queries/ticket-dto.js';
import { requireExisting } from './existing.js';
import { changedViews } from './iterator.js';
import { readOnce } from './shared-reads.js';
import { streamEventsAfter } from './stream-events.js';

/** The schema's `TicketUpdate`, before its `ticket` field is resolved. */
export interface TicketUpdateDto {
  readonly ticketId: string;
  readonly version: number;
  readonly type: string;
  readonly at: string | Date;
  readonly consistencyToken: string;
  readonly event: RecordedEvent;
}

/**
 * Each change of one ticket (an unknown one is `NOT_FOUND`); customers are told only of what
 * changes their view of it (`ticketEventShownToCustomer`: not internal notes, tags, escalations or
 * SLA reports). With `afterVersion` (the `version` the caller read the ticket at), the changes
 * after it come first, so one that landed between the caller's read and this subscription's start
 * is told too ({@link streamEventsAfter}).
 */
export const ticketUpdated = defineSubscription<{ ticketId: string; afterVersion?: number | null }, RecordedEvent>(
  async (args, context, principal) => {
    await requireExisting('ticket', args.ticketId, context, principal);
    const staff = seesInternal(principal);
    return streamEventsAfter(
      context,
      streamId('ticket', args.ticketId),
      args.afterVersion,
      (event) => staff || ticketEventShownToCustomer(event),
      'ticket',
    );
  },
  (event): TicketUpdateDto => ({
    ticketId: parseStreamId(event.streamId)?.id ?? event.streamId,
    version: event.streamVersion,
    type: event.type,
    at: typeof event.data.at === 'string' ? event.data.at : event.recordedAt,
    consistencyToken: encodeCheckpoint(event.checkpoint),
    event,
  }),
);

/**
 * `TicketUpdate.ticket`: the ticket once the read model includes the update, read once per update
 * and view (staff's or a customer's) however many subscribers select it.
 */
export function updatedTicket(parent: TicketUpdateDto, _args: unknown, context: ApiContext) {
  const includeInternal = context.principal !== null && seesInternal(context.principal);
  return readOnce(parent.event, `ticket ${parent.ticketId} ${includeInternal ? 'staff' : 'customer'}`, async () => {
    const { waiter, db } = context.services.deps;
    await waiter.waitFor('tickets', parent.event.checkpoint, { timeoutMs: context.services.config.consistencyWaitMs });
    const detail = await getTicket(db, parent.ticketId, { includeInternal });
    return detail && ticketFromView(detail.ticket, detail.messages);
  });
}

/** The schema's `ChatUpdate`, before its `chat` field is resolved. */
export interface ChatUpdateDto {
  readonly chatId: string;
  readonly version: number;
  readonly type: string;
  readonly at: string | Date;
  readonly consistencyToken: string;
  /** The message a `ChatMessageSent` added, straight from the event: no wait for the read model. */
  readonly message: ChatMessageDto | null;
  readonly event: RecordedEvent;
}

/** The schema's `ChatMessage`, from a `ChatMessageSent` event. */
interface ChatMessageDto {
  readonly messageId: unknown;
  readonly sender: unknown;
  readonly authorId: unknown;
  readonly body: unknown;
  readonly internal: unknown;
  readonly at: unknown;
  readonly attachments: unknown;
}

function chatMessageOf(event: RecordedEvent): ChatMessageDto | null {
  if (event.type !== 'ChatMessageSent') return null;
  const { messageId, from, authorId, body, internal, at } = event.data;
  // Who may read a file is the read models' to say: its URL waits for them to hold this message.
  const consistencyToken = encodeCheckpoint(event.checkpoint);
  // The log holds what the domain wrote: ChatMessageSent's attachments.
  const files = (event.data.attachments ?? []) as unknown as readonly MessageAttachment[];
  const attachments = files.map((file): ToldAttachment => ({ ...file, consistencyToken }));
  return {
    messageId,
    sender: from,
    authorId,
    body,
    internal,
    at: at ?? event.recordedAt,
    attachments,
  };
}

/**
 * Each change of one chat, for both participants: a new message arrives with the update itself
 * (the other side sees it as soon as the log has it); customers are told only of what changes
 * their view of it (`chatEventShownToCustomer`: not staff-only messages nor follow-ups). With
 * `afterVersion` (the chat's `version` the caller read), the changes after it come first, so a
 * message sent between the caller's read and this subscription's start is told too.
 */
export const chatUpdated = defineSubscription<{ chatId: string; afterVersion?: number | null }, RecordedEvent>(
  async (args, context, principal) => {
    await requireExisting('chat', args.chatId, context, principal);
    const staff = seesInternal(principal);
    // A customer's feed ends once the chat moved to the customer they were merged into.
    let movedAway = false;
    return streamEventsAfter(
      context,
      streamId('chat', args.chatId),
      args.afterVersion,
      (event) => {
        if (movedAway) return false;
        if (staff) return true;
        movedAway = chatMovedAwayFrom(event, principal.id);
        return chatEventShownToCustomer(event);
      },
      'chat',
    );
  },
  (event): ChatUpdateDto => ({
    chatId: parseStreamId(event.streamId)?.id ?? event.streamId,
    version: event.streamVersion,
    type: event.type,
    at: typeof event.data.at === 'string' ? event.data.at : event.recordedAt,
    consistencyToken: encodeCheckpoint(event.checkpoint),
    message: chatMessageOf(event),
    event,
  }),
);

/**
 * `ChatUpdate.chat`: the chat once the read model includes the update, read once per update and
 * view (staff's or a customer's) however many subscribers select it.
 */
export function updatedChat(parent: ChatUpdateDto, _args: unknown, context: ApiContext) {
  const includeInternal = context.principal !== null && seesInternal(context.principal);
  return readOnce(parent.event, `chat ${parent.chatId} ${includeInternal ? 'staff' : 'customer'}`, async () => {
    const { waiter, db } = context.services.deps;
    await waiter.waitFor('chats', parent.event.checkpoint, { timeoutMs: context.services.config.consistencyWaitMs });
    const detail = await getChat(db, parent.chatId, { includeInternal });
    return detail && chatFromView(detail.chat, detail.messages);
  });
}

// Chat events move the queue; agent events change the estimated waits.
const QUEUE_CATEGORIES: ReadonlySet<string> = new Set(['chat', 'agent']);
const movesQueue = (event: RecordedEvent) => QUEUE_CATEGORIES.has(parseStreamId(event.streamId)?.category ?? '');

/**
 * The queue after each change, once the chats read model includes it; several events that leave
 * the caller's view of it as it was (a chat's start and its first message) send it once. The whole
 * queue is read once per change for every subscriber; each is then shown their part of it.
 */
export const queueUpdated = defineSubscription<object, unknown>(
  (_args, context, principal) =>
    changedViews(context.services.feed.events(movesQueue), async (event) => {
      const queue = await readOnce(event, 'queue', async () => {
        const { waiter, db } = context.services.deps;
        await waiter.waitFor('chats', event.checkpoint, { timeoutMs: context.services.config.consistencyWaitMs });
        return chatQueue(db);
      });
      return visibleQueue(queue, principal);
    }),
  (queue) => queue,
);

const SUGGESTION_EVENTS: ReadonlySet<string> = new Set([
  'ProactiveTicketSuggested',
  'SuggestionAccepted',
  'SuggestionDismissed',
]);

/** The customer's pending suggestions after each suggestion, acceptance or dismissal. */
export const suggestionsUpdated = defineSubscription<{ customerId: string }, RecordedEvent>(
  (args, context) => {
    const stream = streamId('activity', args.customerId);
    return context.services.feed.events((event) => event.streamId === stream && SUGGESTION_EVENTS.has(event.type));
  },
  (event, context) => pendingSuggestions(context.services, parseStreamId(event.streamId)?.id ?? ''),
);
