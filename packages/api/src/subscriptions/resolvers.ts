import { parseStreamId, streamId } from '@support-engine/domain';
import type { MessageAttachment } from '@support-engine/domain/attachment';
import { chatEventShownToCustomer, chatMovedAwayFrom } from '@support-engine/domain/chat';
import { ticketEventShownToCustomer } from '@support-engine/domain/ticket';
import { encodeCheckpoint, type RecordedEvent } from '@support-engine/eventstore';
import { chatQueue, getChat, getTicket } from '@support-engine/projections';
import { z } from 'zod';
import { seesInternal } from '../auth/visibility.js';
import type { ApiContext } from '../graphql/context.js';
import { defineSubscription } from '../graphql/secure.js';
import type { ToldAttachment } from '../queries/attachments.js';
import { chatFromView, visibleQueue } from '../queries/chats.js';
import { pendingSuggestions } from '../queries/suggestions.js';
import { ticketFromView } from '../queries/ticket-dto.js';
import { badInput, parseInput } from '../validation.js';
import { requireExisting } from './existing.js';
import { changedViews, MAX_BACKLOG, precededBy } from './iterator.js';
import { readOnce } from './shared-reads.js';

/** The schema's `TicketUpdate`, before its `ticket` field is resolved. */
export interface TicketUpdateDto {
  readonly ticketId: string;
  readonly version: number;
  readonly type: string;
  readonly at: string | Date;
  readonly consistencyToken: string;
  readonly event: RecordedEvent;
}

/** `ticketUpdated`'s `afterVersion`: a version the caller read the ticket at. */
const Since = z.object({ afterVersion: z.int().min(0).nullish() });

/**
 * Each change of one ticket (an unknown one is `NOT_FOUND`); customers are told only of what
 * changes their view of it (`ticketEventShownToCustomer`: not internal notes, tags, escalations or
 * SLA reports). With `afterVersion` (the `version` the caller read the ticket at), the changes
 * after it come first, so one that landed between the caller's read and this subscription's start
 * is told too (at most the last {@link MAX_BACKLOG}).
 */
export const ticketUpdated = defineSubscription<{ ticketId: string; afterVersion?: number | null }, RecordedEvent>(
  async (args, context, principal) => {
    const { afterVersion } = parseInput(Since, { afterVersion: args.afterVersion });
    await requireExisting('ticket', args.ticketId, context, principal);
    const stream = streamId('ticket', args.ticketId);
    const staff = seesInternal(principal);
    const shown = (event: RecordedEvent) => staff || ticketEventShownToCustomer(event);
    // The feed's catch-up starts where the read models stand, which may be before the caller's read.
    const after = afterVersion ?? 0;
    // Listening first, then reading what the caller missed: nothing falls between the two.
    const live = context.services.feed.events(
      (event) => event.streamId === stream && event.streamVersion > after && shown(event),
    );
    if (afterVersion === undefined || afterVersion === null) return live;
    try {
      const { store } = context.services.deps;
      const missed = await store.readStream(stream, { fromVersion: afterVersion + 1 });
      // A version the ticket never had would silence every change up to it.
      if (missed.length === 0 && afterVersion > 0) {
        const at = await store.readStream(stream, { fromVersion: afterVersion, toVersion: afterVersion });
        if (at.length === 0)
          throw badInput([{ path: 'afterVersion', message: `The ticket has no version ${afterVersion} yet` }]);
      }
      return precededBy(
        missed.filter(shown).slice(-MAX_BACKLOG),
        live,
        (event, last) => event.streamVersion > last.streamVersion,
      );
    } catch (error) {
      await live.return?.();
      throw error;
    }
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
 * their view of it (`chatEventShownToCustomer`: not staff-only messages nor follow-ups).
 */
export const chatUpdated = defineSubscription<{ chatId: string }, RecordedEvent>(
  async (args, context, principal) => {
    await requireExisting('chat', args.chatId, context, principal);
    const stream = streamId('chat', args.chatId);
    const staff = seesInternal(principal);
    // A customer's feed ends once the chat moved to the customer they were merged into.
    let movedAway = false;
    return context.services.feed.events((event) => {
      if (event.streamId !== stream || movedAway) return false;
      if (staff) return true;
      movedAway = chatMovedAwayFrom(event, principal.id);
      return chatEventShownToCustomer(event);
    });
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
