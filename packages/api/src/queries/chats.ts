import { type ChatSession, inactivityDeadline } from '@support-engine/domain/chat';
import { MAX_PAGE_SIZE } from '@support-engine/eventstore-postgres';
import {
  type ChatMessageView,
  type ChatView,
  chatAsOf,
  chatQueue,
  fromTheEnd,
  getChat,
  listAgentChats,
  listChats,
  type QueueEntry,
} from '@support-engine/projections';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import { seesInternal } from '../auth/visibility.js';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { readAsOf } from './as-of.js';
import { checkedPage, MessagesArgs, pageOf } from './message-pages.js';
import { onceProjected } from './once-projected.js';

/**
 * The schema's `Chat` type: from the read model now, or from the folded events of a past instant
 * (`asOf`); `messages` are loaded by the `Chat.messages` resolver when absent.
 */
export type ChatDto = ChatView & {
  readonly id: string;
  readonly asOf: Date | null;
  readonly messages?: readonly ChatMessageView[];
};

/** A read-model chat as the schema's `Chat`, with its messages when already loaded. */
export const chatFromView = (view: ChatView, messages?: readonly ChatMessageView[]): ChatDto => ({
  ...view,
  id: view.chatId,
  asOf: null,
  messages,
});

/**
 * A past chat, from the domain state at `asOf`, shaped as the read model keeps it (counts, the
 * follow-up flag, each message's place and files), with the messages the caller may see.
 */
function chatFromState(state: ChatSession, asOf: Date, includeInternal: boolean, version: number): ChatDto {
  const messages = state.messages.map(
    (message, index): ChatMessageView => ({
      messageId: message.messageId,
      // The read model numbers every message, staff-only ones included.
      seq: index + 1,
      sender: message.from,
      authorId: message.authorId,
      body: message.body,
      internal: message.internal,
      at: new Date(message.at),
      attachments: [...(message.attachments ?? [])],
    }),
  );
  const instant = (value: string | null) => (value === null ? null : new Date(value));
  return {
    chatId: state.chatId,
    id: state.chatId,
    customerId: state.customerId,
    status: state.status,
    priority: state.priority,
    category: state.category,
    language: state.language,
    assigneeId: state.assigneeId,
    startedAt: new Date(state.startedAt),
    assignedAt: instant(state.assignedAt),
    lastActivityAt: new Date(state.lastActivityAt),
    inactivityTimeoutMs: state.inactivityTimeoutMs,
    closedAt: instant(state.closedAt),
    closeCause: state.closeCause,
    ticketId: state.ticketId,
    messageCount: messages.length,
    publicMessageCount: messages.filter((message) => !message.internal).length,
    csat: state.rating,
    // Requested once, the flag stays when the follow-up is done (as in the read model).
    followUpRequested: state.followUp !== null,
    version,
    asOf,
    messages: includeInternal ? messages : messages.filter((message) => !message.internal),
  };
}

/**
 * `Chat.closesForInactivityAt`: when an open chat closes itself if nobody writes, by the timeout it
 * started under, else the deployment's (the workflow's own rule, `inactivityDeadline`).
 */
export function inactivityClose(parent: ChatDto, _args: unknown, context: ApiContext): Date | null {
  const { status, lastActivityAt, inactivityTimeoutMs } = parent;
  const clock = { status, lastActivityAt: lastActivityAt.toISOString(), inactivityTimeoutMs };
  const deadline = inactivityDeadline(clock, context.services.deps.slaSettings?.chatTimings);
  return deadline === null ? null : new Date(deadline);
}

/** The queue as the caller may see it: customers only their own place in it. */
export function visibleQueue(entries: readonly QueueEntry[], principal: Principal): QueueEntry[] {
  return principal.role === 'customer' ? entries.filter((entry) => entry.customerId === principal.id) : [...entries];
}

/**
 * One chat with its transcript (staff-only messages left out for customers): the current one from
 * the read model (once it holds the chat, when the log does: {@link onceProjected}), or as it was
 * at `asOf`, folded from its events within the request's replay budget.
 */
export const chat = defineQuery<{ readonly id: string; readonly asOf?: Date | null }>(
  'chats',
  async (args, context, principal): Promise<ChatDto | null> => {
    const { store, db } = context.services.deps;
    const includeInternal = seesInternal(principal);
    if (args.asOf) {
      const { past, instant } = await readAsOf(context, args.asOf, (at, maxEvents) =>
        chatAsOf(store, args.id, at, { maxEvents }),
      );
      const { state, replayed } = past;
      // Versions count the stream's events from 1: the events up to the instant are its version then.
      return state.status === 'none' ? null : chatFromState(state, instant, includeInternal, replayed);
    }
    return onceProjected('chat', args.id, context, async () => {
      const detail = await getChat(db, args.id, { includeInternal });
      return detail && chatFromView(detail.chat, detail.messages);
    });
  },
);

const ChatsArgs = z.object({
  status: z.array(z.enum(['waiting', 'active', 'closed'])).nullish(),
  assigneeId: z.string().nullish(),
  customerId: z.string().nullish(),
  category: z.string().nullish(),
});

/**
 * Chats by status, agent, customer and queue (category), oldest first (at most 500): a
 * supervisor's view of the chats under way, of one queue, an agent's, a customer's. A customer
 * only ever lists their own.
 */
export const chats = defineQuery<Record<string, unknown>>('chats', async (args, context, principal) => {
  const filter = parseInput(ChatsArgs, {
    status: args.status,
    assigneeId: args.assigneeId,
    customerId: args.customerId,
    category: args.category,
  });
  const customerId = principal.role === 'customer' ? principal.id : (filter.customerId ?? undefined);
  const views = await listChats(context.services.deps.db, {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
    ...(customerId === undefined ? {} : { customerId }),
    ...(filter.category ? { category: filter.category } : {}),
  });
  return views.map((view) => chatFromView(view));
});

// An agent holds active chats and finished closed ones; a waiting chat has nobody yet. Nulls are
// dropped before validation, so optional fields take them.
const MyChatsArgs = z.object({
  status: z.array(z.enum(['active', 'closed'])).optional(),
  category: z.string().optional(),
  first: z.int().min(1).max(MAX_PAGE_SIZE).optional(),
  after: z.string().optional(),
});

/** The caller's chats, latest activity first, a page at a time: the active ones unless `status` says otherwise. */
export const myChats = defineQuery<Record<string, unknown>>('chats', async (args, context, principal) => {
  const page = await listAgentChats(context.services.deps.db, principal.id, parseInput(MyChatsArgs, args));
  return { items: page.items.map((view) => chatFromView(view)), nextCursor: page.nextCursor };
});

/** The live queue with positions and estimated waits. */
export const chatQueueQuery = defineQuery<object>('chats', async (_args, context, principal) =>
  visibleQueue(await chatQueue(context.services.deps.db), principal),
);

/** `Chat.messages`: preloaded by the `chat` query, or loaded for chats from a list. */
export async function chatMessages(
  parent: ChatDto,
  args: unknown,
  context: ApiContext,
): Promise<readonly ChatMessageView[]> {
  const page = parseInput(MessagesArgs, args);
  if (parent.messages && ((page.after === undefined && !fromTheEnd(page)) || parent.asOf))
    return pageOf(parent.messages, page);
  const principal = context.principal;
  const includeInternal = principal !== null && seesInternal(principal);
  const { db } = context.services.deps;
  const messages = (await getChat(db, parent.id, { includeInternal, ...page }))?.messages ?? [];
  return checkedPage(messages, page, { db, kind: 'chat', id: parent.id }, includeInternal);
}
