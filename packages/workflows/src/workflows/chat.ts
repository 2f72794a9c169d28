import { toInstant } from '@support-engine/domain';
import {
  type ChatEvent,
  type ChatState,
  evolveChat,
  inactivityDeadline,
  initialChatState,
} from '@support-engine/domain/chat';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { continueAsNew, patched, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  type ChatWorkflowInput,
  type ChatWorkflowSettings,
  chatViewQuery,
  type DeliveredEvent,
  type NextTimer,
} from '../contract.js';
import { AssigneeIdAttribute, ChatStatusAttribute, CustomerIdAttribute } from '../search-attributes.js';
import { activities, Entity } from './entity.js';

/**
 * The patch that made chat workflows publish typed search attributes. A run replaying a history
 * recorded before it upserts nothing where the old code did not; once the run is live again,
 * `patched` turns true and it publishes.
 */
export const CHAT_SEARCH_ATTRIBUTES_PATCH = 'chat-search-attributes';

/** How a chat workflow run ends: the chat closed. */
export interface ChatWorkflowResult {
  readonly version: number;
}

/**
 * The timer of one chat (workflow id `chat-<id>`): closes it with `TimeoutChat` once it has
 * been inactive for the configured time; every activity the domain counts moves the deadline.
 *
 * Queue waits have no timer: the domain has no command for a chat waiting too long (no
 * re-queue, no escalation), so the workflow records nothing for them. The inactivity timeout
 * covers waiting chats too (a customer who left the queue page does not hold a place forever),
 * and the queue wait is visible in the chat view query and the workflow's current details.
 * Completes once the chat is closed and quiet for `closedLingerMs`; a later event (a rating)
 * starts a run that reads the history and ends.
 */
export async function chatWorkflow(input: ChatWorkflowInput): Promise<ChatWorkflowResult> {
  const { settings } = input;
  const entity = new Entity<ChatState>(initialChatState, applyChatEvent, input.carried);
  let next = nextTimer(entity.state);
  setHandler(chatViewQuery, () => ({ version: entity.inbox.applied, chat: entity.state, next }));
  const publish = publisher(settings);

  for (;;) {
    await entity.catchUp();
    const chat = entity.state;
    publish(chat);
    if (chat.status === 'closed') {
      if (await entity.lingerForEvents(settings.closedLingerMs)) continue;
      return { version: entity.inbox.applied };
    }
    next = nextTimer(chat);
    setCurrentDetails(details(chat, next));
    if (chat.status !== 'none' && next !== null && next.at <= Date.now() && !entity.hasFired(next.purpose)) {
      const command = { type: 'TimeoutChat', data: { chatId: chat.chatId } } as const;
      await entity.fire(next.purpose, command, activities.issueChatCommand);
      continue;
    }
    if (entity.shouldContinueAsNew(settings.maxHistoryEvents)) {
      await continueAsNew<typeof chatWorkflow>({ settings, carried: entity.carry() });
    }
    // A fired timeout that closed nothing waits for the activity that moved the deadline.
    const waitMs = next === null || entity.hasFired(next.purpose) ? null : next.at - Date.now();
    await entity.waitForEvents(waitMs, next?.purpose);
  }

  function nextTimer(chat: ChatState): NextTimer | null {
    const deadline = inactivityDeadline(chat, settings.timings);
    if (deadline === null || chat.status === 'none') return null;
    return { purpose: `inactivity-timeout@${chat.lastActivityAt}`, at: Date.parse(deadline) };
  }
}

function applyChatEvent(state: ChatState, delivered: DeliveredEvent): ChatState {
  return evolveChat(state, { type: delivered.type, data: delivered.data } as ChatEvent);
}

/**
 * Publishes the chat to Temporal's visibility as typed search attributes (`ChatStatus`,
 * `AssigneeId`, `CustomerId`), upserted only when they change, since each upsert is a history event.
 */
function publisher(settings: ChatWorkflowSettings): (chat: ChatState) => void {
  let published = '';
  let publishes = false;
  return (chat) => {
    if (!settings.upsertSearchAttributes || chat.status === 'none') return;
    const pairs: SearchAttributeUpdatePair[] = [
      { key: ChatStatusAttribute, value: chat.status },
      { key: AssigneeIdAttribute, value: chat.assigneeId },
      { key: CustomerIdAttribute, value: chat.customerId },
    ];
    const values = JSON.stringify(pairs.map((pair) => pair.value));
    if (values === published) return;
    // Asked only when there is something to publish, and never from a query (it records a marker).
    publishes ||= patched(CHAT_SEARCH_ATTRIBUTES_PATCH);
    if (!publishes) return;
    published = values;
    upsertSearchAttributes(pairs);
  };
}

function details(chat: ChatState, next: NextTimer | null): string {
  const queued = chat.status === 'waiting' ? `Waiting in queue since ${chat.startedAt}. ` : '';
  return next === null ? queued : `${queued}Closes for inactivity at ${toInstant(next.at)}`;
}
